using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// Who may talk to the dashboard. Bound off loopback, every request needs the token (<c>Authorization: Bearer</c>,
/// or the cookie a <c>?token=</c> login link sets). Bound to loopback without a token, only loopback host names are
/// answered, so a web page cannot reach it through a DNS name it rebinds to 127.0.0.1. Every state-changing request
/// must come from the dashboard's own pages (Origin, or Sec-Fetch-Site, or Referer naming this origin) or carry the
/// bearer header itself: a cross-site form or fetch cannot pause or submit anything.
/// </summary>
public sealed class DashboardSecurity
{
    public const string CookieName = "actortune_token";

    private readonly byte[]? _token;

    private DashboardSecurity(byte[]? token)
    {
        _token = token;
    }

    public bool RequiresToken => _token is not null;

    /// <summary>Reads the token from the named environment variable (never from the command line, where `ps` shows it).</summary>
    /// <exception cref="ArgumentException">Bad input (exit 2): off loopback without a token, or an unset variable.</exception>
    public static DashboardSecurity For(HttpEndpoint endpoint, string? tokenVariable)
    {
        if (tokenVariable is null)
        {
            return endpoint.IsLoopback
                ? new DashboardSecurity(null)
                : throw new ArgumentException($"--http-token-env VAR is required when --http binds {endpoint.Address}, which is not loopback: every request must then carry the token in VAR");
        }
        var token = Environment.GetEnvironmentVariable(tokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException($"--http-token-env: the environment variable {tokenVariable} is not set (or empty)");
        }
        return new DashboardSecurity(Encoding.UTF8.GetBytes(token.Trim()));
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (_token is null && !IsLoopbackHost(request.Host.Host))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "this dashboard answers only to loopback host names");
            return;
        }
        if (_token is not null)
        {
            if (HttpMethods.IsGet(request.Method) && request.Query.TryGetValue("token", out var offered) && Matches(offered.ToString()))
            {
                // The login link: remember the token in a cookie only this site gets, and drop it from the address bar.
                context.Response.Cookies.Append(CookieName, offered.ToString(), new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Path = "/",
                    Secure = request.IsHttps,
                });
                var query = QueryString.Create(request.Query.Where(q => q.Key != "token"));
                context.Response.Redirect($"{request.PathBase}{request.Path}{query}");
                return;
            }
            if (!Matches(BearerOf(request)) && !Matches(request.Cookies[CookieName]))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Refuse(context, StatusCodes.Status401Unauthorized, "a token is required: open the login link (?token=…) or send Authorization: Bearer TOKEN");
                return;
            }
        }
        if (!IsSafe(request.Method) && !IsSameOrigin(request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "cross-site request refused: state-changing requests must come from the dashboard's own pages");
            return;
        }
        await next(context);
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private bool IsSameOrigin(HttpRequest request)
    {
        var origin = $"{request.Scheme}://{request.Host}";
        if (request.Headers.Origin.ToString() is { Length: > 0 } sent)
        {
            return string.Equals(sent, origin, StringComparison.OrdinalIgnoreCase);
        }
        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site)
        {
            return site is "same-origin" or "none";
        }
        if (request.Headers.Referer.ToString() is { Length: > 0 } referer)
        {
            return referer.StartsWith(origin + "/", StringComparison.OrdinalIgnoreCase);
        }
        // A script (curl) that sends the bearer header itself: a browser never attaches that header cross-site.
        return _token is not null && Matches(BearerOf(request));
    }

    private static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private bool Matches(string? offered) =>
        _token is not null && offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), _token);

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }
}

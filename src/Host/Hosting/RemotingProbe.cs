using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ActorTune.Host.Hosting;

/// <summary>
/// Why a node could not reach another when remoting only says "no answer": one TLS handshake of its own against the
/// other end tells a host that requires TLS, a host without TLS, and a certificate either side does not trust apart,
/// so the user reads the cause instead of a timeout.
/// </summary>
public static class RemotingProbe
{
    /// <summary>The cause when it is TLS; null when nothing listens there or TLS is not the problem.</summary>
    public static async Task<string?> DiagnoseAsync(string address, RemotingTls? tls, TimeSpan timeout)
    {
        var colon = address.LastIndexOf(':');
        var host = address[..colon];
        var port = int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        using var cancellation = new CancellationTokenSource(timeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(host, port, cancellation.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return null;
        }
        X509Certificate2? presented = null;
        await using var stream = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return true; // judged below, where the reason can be told
            },
            ClientCertificates = tls is null ? null : [tls.Certificate],
            LocalCertificateSelectionCallback = tls is null ? null : (_, _, _, _, _) => tls.Certificate,
        };
        var handshook = false;
        try
        {
            await stream.AuthenticateAsClientAsync(options, cancellation.Token);
            handshook = true;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or SocketException)
        {
        }
        if (presented is null)
        {
            return tls is null ? null : $"the node at {address} does not use TLS (it was started without --tls-cert): drop --tls-cert here, or start it with one";
        }
        if (tls is null)
        {
            return $"the host at {address} requires TLS: give --tls-cert FILE.pfx (a certificate signed by a CA it trusts) and --tls-password-env VAR";
        }
        if (!tls.Trusts(presented, out var reason))
        {
            return $"the node at {address} is not trusted by this one: {reason}";
        }
        if (handshook)
        {
            // TLS 1.3 judges the client's certificate after the client thinks the handshake is done: a refusal arrives
            // as the connection closing; a node that accepted it waits quietly for remoting's first message.
            try
            {
                using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                var read = await stream.ReadAsync(new byte[1], quiet.Token);
                if (read > 0)
                {
                    return null;
                }
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or SocketException)
            {
            }
        }
        return $"the node at {address} refused this node's certificate '{tls.Certificate.Subject}' (from {tls.File}): it is not signed by a CA that node trusts";
    }
}

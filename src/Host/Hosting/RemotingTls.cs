using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace ActorTune.Host.Hosting;

/// <summary>
/// Mutual TLS for remoting, from <c>--tls-cert FILE.pfx</c>: the node's own certificate (the one with a private key)
/// and whom it trusts — the CA certificates bundled in the same file, or, for a file holding only one self-signed
/// certificate, that certificate itself (every node then carries the same one). Both ends of every connection
/// present a certificate and check the other's against those roots only, never the machine's store: a certificate
/// some public CA signed, or one a peer made for itself, does not get in.
/// </summary>
public sealed class RemotingTls
{
    private readonly X509Certificate2Collection _roots;
    private readonly X509Certificate2Collection _intermediates;

    private RemotingTls(string file, X509Certificate2 certificate, X509Certificate2Collection roots, X509Certificate2Collection intermediates)
    {
        File = file;
        Certificate = certificate;
        _roots = roots;
        _intermediates = intermediates;
    }

    public string File { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Reads <paramref name="file"/>; its password comes from the environment variable <paramref name="passwordVariable"/>
    /// (never the command line, where every user of the machine can read it). Null without a file.
    /// </summary>
    public static RemotingTls? Load(string? file, string? passwordVariable)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            if (!string.IsNullOrWhiteSpace(passwordVariable))
            {
                throw new ArgumentException("--tls-password-env needs --tls-cert FILE.pfx");
            }
            return null;
        }
        var path = Path.GetFullPath(file);
        if (!System.IO.File.Exists(path))
        {
            throw new ArgumentException($"--tls-cert {file}: file not found");
        }
        string? password = null;
        if (!string.IsNullOrWhiteSpace(passwordVariable))
        {
            password = Environment.GetEnvironmentVariable(passwordVariable)
                ?? throw new ArgumentException($"--tls-password-env {passwordVariable}: that environment variable is not set");
        }
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.DefaultKeySet);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"--tls-cert {file}: cannot read it as PKCS#12 (.pfx){(password is null ? " without a password; give it with --tls-password-env VAR" : " with that password")}: {e.Message}");
        }
        var own = all.Where(c => c.HasPrivateKey).ToList();
        if (own.Count != 1)
        {
            throw new ArgumentException($"--tls-cert {file}: holds {own.Count} certificates with a private key; it needs exactly one (this node's)");
        }
        var certificate = own[0];
        var others = all.Where(c => !c.HasPrivateKey).ToList();
        var roots = new X509Certificate2Collection(others.Where(IsSelfSigned).ToArray());
        var intermediates = new X509Certificate2Collection(others.Where(c => !IsSelfSigned(c)).ToArray());
        if (roots.Count == 0)
        {
            if (!IsSelfSigned(certificate))
            {
                throw new ArgumentException($"--tls-cert {file}: holds no CA certificate to check peers against; bundle the CA into it " +
                    "(openssl pkcs12 -export -in node.crt -inkey node.key -certfile ca.crt -out node.pfx)");
            }
            roots.Add(X509CertificateLoader.LoadCertificate(certificate.RawData)); // one shared self-signed certificate: trust exactly it
        }
        var tls = new RemotingTls(path, certificate, roots, intermediates);
        if (!tls.Trusts(certificate, out var reason))
        {
            throw new ArgumentException($"--tls-cert {file}: this node's own certificate does not pass its own check: {reason}");
        }
        return tls;
    }

    /// <summary>Akka's TLS set-up: this certificate, a certificate required of every peer, checked by <see cref="Trusts"/>.</summary>
    public DotNettySslSetup Setup() =>
        new(Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, Validate);

    /// <summary>The remoting settings that switch TLS on (the certificate itself comes through <see cref="Setup"/>).</summary>
    public static string Hocon(RemotingTls? tls) => tls is null ? "" : """
        akka.remote.dot-netty.tcp.enable-ssl = on
        akka.remote.dot-netty.tcp.ssl.require-mutual-authentication = on
        akka.remote.dot-netty.tcp.ssl.validate-certificate-hostname = off
        """;

    /// <summary>Whether <paramref name="peer"/> chains to one of this node's roots (hostnames are not checked: nodes move).</summary>
    public bool Trusts(X509Certificate2? peer, out string reason)
    {
        if (peer is null)
        {
            reason = "it presented no certificate";
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.ExtraStore.AddRange(_intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(peer))
        {
            reason = "";
            return true;
        }
        var problems = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        reason = $"its certificate '{peer.Subject}' is not signed by a CA this node trusts ({problems})";
        return false;
    }

    private bool Validate(X509Certificate2? peer, X509Chain? chain, string remote, System.Net.Security.SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (Trusts(peer, out var reason))
        {
            return true;
        }
        log.Warning("TLS: refused the peer at {0}: {1}", remote, reason);
        return false;
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}

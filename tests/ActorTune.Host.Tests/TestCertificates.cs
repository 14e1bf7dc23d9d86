using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorTune.Host.Tests;

/// <summary>
/// Certificates for the TLS tests, made here in a temporary directory (nothing goes into a system store): a CA, node
/// certificates it signs (each .pfx bundles the CA, which is what the node trusts), a self-signed rogue, and an
/// impostor signed by another CA that nevertheless carries ours (it trusts the cluster; the cluster does not trust it).
/// </summary>
internal sealed class TestCertificates
{
    public const string PasswordVariable = "ACTORTUNE_TEST_PFX_PASSWORD";
    public const string Password = "pfx-test-password";

    public TestCertificates(string directory)
    {
        Environment.SetEnvironmentVariable(PasswordVariable, Password);
        using var caKey = RSA.Create(2048);
        using var ca = Authority("CN=ActorTune test CA", caKey);
        using var otherKey = RSA.Create(2048);
        using var other = Authority("CN=Some other CA", otherKey);
        Node = Write(directory, "node.pfx", Leaf("CN=node", ca, caKey), [ca], Password);
        Client = Write(directory, "client.pfx", Leaf("CN=client", ca, caKey), [ca], Password);
        using var rogueKey = RSA.Create(2048);
        var rogueRequest = new CertificateRequest("CN=rogue", rogueKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Rogue = Write(directory, "rogue.pfx", rogueRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)), [], null);
        Impostor = Write(directory, "impostor.pfx", Leaf("CN=impostor", other, otherKey), [other, ca], null);
    }

    /// <summary>Signed by the CA, password in <see cref="PasswordVariable"/>.</summary>
    public string Node { get; }

    public string Client { get; }

    /// <summary>Self-signed, no password.</summary>
    public string Rogue { get; }

    /// <summary>Signed by another CA, bundles that one and ours (so it trusts the cluster), no password.</summary>
    public string Impostor { get; }

    private static X509Certificate2 Authority(string subject, RSA key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Leaf(string subject, X509Certificate2 issuer, RSA issuerKey)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(8);
        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        return signed.CopyWithPrivateKey(key);
    }

    private static string Write(string directory, string name, X509Certificate2 certificate, X509Certificate2[] trusted, string? password)
    {
        var collection = new X509Certificate2Collection(certificate);
        foreach (var ca in trusted)
        {
            collection.Add(X509CertificateLoader.LoadCertificate(ca.RawData)); // the public part only: what the node trusts
        }
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, collection.Export(X509ContentType.Pkcs12, password)!);
        return path;
    }
}

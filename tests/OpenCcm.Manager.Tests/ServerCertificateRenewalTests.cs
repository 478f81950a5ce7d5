using System.Security.Cryptography.X509Certificates;
using OpenCcm.Manager.Hosting;
using OpenCcm.Manager.Tls;
using OpenCcm.Pki.Sealing;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// A long-running manager keeps a valid HTTPS certificate: the server certificate is renewed once two thirds of its
/// lifetime have passed (Kestrel asks ManagerTls at every handshake), and a failed renewal keeps serving the current one.
/// </summary>
public sealed class ServerCertificateRenewalTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-renewal-{Guid.NewGuid():N}");
    private readonly MasterKey _masterKey;
    private readonly SecretSealer _sealer;
    private readonly ManualTime _time = new(Start);

    public ServerCertificateRenewalTests()
    {
        Directory.CreateDirectory(_directory);
        _masterKey = MasterKeyStore.LoadOrCreate(MasterKeyStoreOptions.FromEnvironment(_directory));
        _sealer = new SecretSealer(_masterKey);
    }

    public void Dispose()
    {
        _sealer.Dispose();
        _masterKey.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void TheServerCertificate_IsKeptUntilTwoThirdsOfItsLifetime_ThenRenewedUnderTheSameCa()
    {
        using var tls = Create();
        var first = tls.ServerCertificate;

        _time.Now = Start + ManagerCertificateAuthority.ServerLifetime * 2 / 3 - TimeSpan.FromHours(1);
        Assert.Same(first, tls.ServerCertificate);

        _time.Now = Start + ManagerCertificateAuthority.ServerLifetime * 2 / 3;
        var renewed = tls.ServerCertificate;

        Assert.NotEqual(first.SerialNumber, renewed.SerialNumber);
        Assert.True(renewed.HasPrivateKey);
        Assert.Equal(_time.Now.UtcDateTime - ManagerCertificateAuthority.Backdate, renewed.NotBefore.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.True(renewed.NotAfter.ToUniversalTime() > first.NotAfter.ToUniversalTime());
        Assert.Equal(first.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().RawData,
            renewed.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().RawData);
        Assert.True(ChainsToTheManagerCa(renewed, tls.CaCertificate, _time.Now));
        using (var previousKey = first.GetECDsaPrivateKey()) // the previous one stays usable for handshakes in progress
        {
            Assert.NotNull(previousKey);
        }

        Assert.Same(renewed, tls.ServerCertificate);
    }

    [Fact]
    public void AFailedRenewal_KeepsServingTheCurrentCertificate_AndIsRetriedLater()
    {
        using var tls = Create();
        var first = tls.ServerCertificate;
        var sealedCa = Path.Combine(_directory, ManagerCaStore.SealedFileName);
        var stored = File.ReadAllBytes(sealedCa);
        File.Delete(sealedCa);

        _time.Now = Start + ManagerCertificateAuthority.ServerLifetime * 2 / 3;
        Assert.Same(first, tls.ServerCertificate);

        File.WriteAllBytes(sealedCa, stored);
        _time.Now += ManagerTls.RenewalRetry - TimeSpan.FromMinutes(1);
        Assert.Same(first, tls.ServerCertificate); // not before the retry time

        _time.Now += TimeSpan.FromMinutes(1);
        Assert.NotEqual(first.SerialNumber, tls.ServerCertificate.SerialNumber);
    }

    private ManagerTls Create()
    {
        var options = new ManagerOptions { DataDirectory = _directory };
        options.Listen.Add("https://127.0.0.1:0");
        return ManagerTls.Create(options, _sealer, _time);
    }

    private static bool ChainsToTheManagerCa(X509Certificate2 server, X509Certificate2 ca, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        return chain.Build(server);
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

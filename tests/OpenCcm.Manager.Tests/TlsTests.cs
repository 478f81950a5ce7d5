using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using OpenCcm.Manager.Hosting;
using OpenCcm.Manager.Tls;

namespace OpenCcm.Manager.Tests;

/// <summary>A manager on https://127.0.0.1:0 with its own CA, checked by curl and openssl as clients would.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"ccm-tls-{Guid.NewGuid():N}");
    private WebApplication? _app;

    private string CaPath => Path.Combine(_dataDirectory, "manager-ca.pem");

    private string Url => _app!.Urls.First();

    private string VersionUrl => Url + "/v1/sys/version";

    public async Task InitializeAsync() => _app = await StartAsync(_dataDirectory);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Curl_TrustingTheManagerCa_GetsTheVersion_OverHttps()
    {
        var (exitCode, output, error) = await CommandLine.RunAsync("curl", ["-sS", "--fail", "--cacert", CaPath, VersionUrl]);

        Assert.StartsWith("https://127.0.0.1:", Url, StringComparison.Ordinal);
        Assert.True(exitCode == 0, error);
        Assert.Equal("v1", JsonDocument.Parse(output).RootElement.GetProperty("api_version").GetString());
    }

    [Fact]
    public async Task Curl_WithoutTheManagerCa_RefusesTheServer()
    {
        var (exitCode, _, error) = await CommandLine.RunAsync("curl", ["-sS", "--fail", VersionUrl]);

        Assert.Equal(60, exitCode); // CURLE_PEER_FAILED_VERIFICATION
        Assert.Contains("certificate", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpenSsl_VerifiesTheChainAndTheAddress_AndSeesClientCertificatesInvited()
    {
        var port = new Uri(Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, output, error) = await CommandLine.RunAsync(
            "openssl", ["s_client", "-connect", "127.0.0.1:" + port, "-verify_return_error", "-CAfile", CaPath, "-verify_ip", "127.0.0.1", "-brief"], "Q\n");
        var full = await CommandLine.RunAsync("openssl", ["s_client", "-connect", "127.0.0.1:" + port, "-CAfile", CaPath, "-tls1_2"], "Q\n");

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("Verification: OK", output + error, StringComparison.Ordinal);
        Assert.Contains("Verify return code: 0 (ok)", full.Output, StringComparison.Ordinal);
        // AllowCertificate: the server asks for a client certificate (node agents will send theirs) without requiring one.
        // (openssl prints the requested types only when a CertificateRequest arrived.)
        Assert.Contains("Client Certificate Types:", full.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientCertificate_IsAccepted_ButNotRequired()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var self = new CertificateRequest("CN=some node", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var certificate = CommandLine.File(self.ExportCertificatePem());
        using var keyFile = CommandLine.File(key.ExportPkcs8PrivateKeyPem());

        var (exitCode, output, error) = await CommandLine.RunAsync(
            "curl", ["-sS", "--fail", "--cacert", CaPath, "--cert", certificate.Path, "--key", keyFile.Path, VersionUrl]);

        Assert.True(exitCode == 0, error);
        Assert.Contains("api_version", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCa_IsServedAtSysCa_AndWrittenToTheDataDirectory_ItsKeySealed()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler);

        using var response = await client.GetAsync(Url + "/v1/sys/ca");
        var served = await response.Content.ReadAsStringAsync();
        var sealedFile = await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "manager-ca.sealed"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-pem-file", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(CaPath), served);
        using var ca = X509Certificate2.CreateFromPem(served);
        Assert.Equal("CN=OpenCCM Manager CA", ca.Subject);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.DoesNotContain("PRIVATE KEY", served, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", sealedFile, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dataDirectory, "manager-ca.sealed")));
        }

        // Not a PKCS#8 key in any encoding: the key is only present AES-GCM-sealed.
        using var json = JsonDocument.Parse(sealedFile);
        var sealedKey = json.RootElement.GetProperty("SealedKey").GetBytesFromBase64();
        using var probe = ECDsa.Create();
        Assert.ThrowsAny<CryptographicException>(() => probe.ImportPkcs8PrivateKey(sealedKey, out _));
    }

    [Fact]
    public async Task ARestart_KeepsTheCa_AndIssuesANewServerCertificate()
    {
        var caBefore = await File.ReadAllTextAsync(CaPath);
        var serverBefore = ServerCertificate(_app!).SerialNumber;
        await _app!.StopAsync();
        await _app.DisposeAsync();

        _app = await StartAsync(_dataDirectory);
        var (exitCode, _, error) = await CommandLine.RunAsync("curl", ["-sS", "--fail", "--cacert", CaPath, VersionUrl]);

        Assert.Equal(caBefore, await File.ReadAllTextAsync(CaPath));
        Assert.NotEqual(serverBefore, ServerCertificate(_app).SerialNumber);
        Assert.True(exitCode == 0, error);
    }

    [Fact]
    public async Task ADamagedSealedCa_StopsTheStart_WithAClearError()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ccm-tls-damaged-{Guid.NewGuid():N}");
        try
        {
            var app = await StartAsync(directory);
            await app.StopAsync();
            await app.DisposeAsync();
            var path = Path.Combine(directory, "manager-ca.sealed");
            var stored = JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement;
            var key = stored.GetProperty("SealedKey").GetBytesFromBase64();
            key[^1] ^= 1;
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
            {
                Version = 1, CertificatePem = stored.GetProperty("CertificatePem").GetString(), SealedKey = key,
            }));

            var error = Assert.Throws<InvalidDataException>(() => ManagerHost.Build(Options(directory)));

            Assert.Contains("manager-ca.sealed", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ServerNames_CoverListenHosts_Loopback_AndExtraNames_ButRefuseGarbage()
    {
        var names = ServerNameResolver.Resolve(
            [new Uri("https://manager.example.com:8443"), new Uri("https://10.1.2.3:8443"), new Uri("https://[::]:8443")], ["ccm.internal", "192.0.2.7"]);

        Assert.Contains("manager.example.com", names.DnsNames);
        Assert.Contains("ccm.internal", names.DnsNames);
        Assert.Contains("localhost", names.DnsNames);
        Assert.Contains(Dns.GetHostName().ToLowerInvariant(), names.DnsNames);
        Assert.Contains(IPAddress.Parse("10.1.2.3"), names.Addresses);
        Assert.Contains(IPAddress.Parse("192.0.2.7"), names.Addresses);
        Assert.Contains(IPAddress.Loopback, names.Addresses);
        Assert.Contains(IPAddress.IPv6Loopback, names.Addresses);
        Assert.Equal(names.Addresses.Count, names.Addresses.Distinct().Count());
        Assert.Throws<ArgumentException>(() => ServerNameResolver.Resolve([], ["not a name!"]));
        Assert.Throws<ArgumentException>(() => ServerNameResolver.Resolve([], ["-bad.example"]));
    }

    private static ManagerOptions Options(string directory)
    {
        var options = new ManagerOptions { DataDirectory = directory, PasswordHashIterations = 1_000 };
        options.Listen.Add("https://127.0.0.1:0");
        return options;
    }

    private static async Task<WebApplication> StartAsync(string directory)
    {
        var app = ManagerHost.Build(Options(directory));
        await app.StartAsync();
        return app;
    }

    private static X509Certificate2 ServerCertificate(WebApplication app) =>
        ((ManagerTls)app.Services.GetService(typeof(ManagerTls))!).ServerCertificate;
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Zones;
using OpenCcm.Pki.Identity;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Sealing;
using static OpenCcm.Manager.Tests.ZoneSupport;

namespace OpenCcm.Manager.Tests;

/// <summary><c>GET /v1/zones/{id}/crl</c>, checked with the real openssl: anonymous, signed by the zone CA, listing revocations.</summary>
public class CrlEndpointTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task AnEmptyCrl_IsPublic_Der_AndVerifiesAgainstTheZoneChain()
    {
        using var alice = await NewAccountAsync(manager, "crl-empty");
        var chain = await ChainPemAsync(alice);

        using var response = await manager.Client.GetAsync($"/v1/zones/{alice.DefaultZoneId}/crl");
        var der = await response.Content.ReadAsByteArrayAsync();
        using var crl = CommandLine.File(der);
        using var chainFile = CommandLine.File(chain);
        var text = await CommandLine.RunAsync("openssl", ["crl", "-inform", "DER", "-in", crl.Path, "-noout", "-text"]);
        var verify = await CommandLine.RunAsync("openssl", ["crl", "-inform", "DER", "-in", crl.Path, "-noout", "-CAfile", chainFile.Path]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Certificate Revocation List (CRL):", text.Output, StringComparison.Ordinal);
        Assert.Contains("CN = OpenCCM Zone Issuing CA", text.Output, StringComparison.Ordinal);
        Assert.Contains("No Revoked Certificates.", text.Output, StringComparison.Ordinal);
        Assert.Contains("X509v3 CRL Number:", text.Output, StringComparison.Ordinal);
        Assert.Contains("X509v3 Authority Key Identifier:", text.Output, StringComparison.Ordinal);
        var (lastUpdate, nextUpdate) = Updates(text.Output);
        Assert.Equal(TimeSpan.FromDays(7), nextUpdate - lastUpdate);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("verify OK", verify.Output + verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCrl_DoesNotVerifyAgainstAnotherZonesChain()
    {
        using var alice = await NewAccountAsync(manager, "crl-alice");
        using var bob = await NewAccountAsync(manager, "crl-bob");

        using var crl = CommandLine.File(await manager.Client.GetByteArrayAsync($"/v1/zones/{alice.DefaultZoneId}/crl"));
        using var bobsChain = CommandLine.File(await ChainPemAsync(bob));
        var verify = await CommandLine.RunAsync("openssl", ["crl", "-inform", "DER", "-in", crl.Path, "-noout", "-CAfile", bobsChain.Path]);

        Assert.DoesNotContain("verify OK", verify.Output + verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pem_OnRequest_UnknownFormat_AndUnknownZone_AreRefused()
    {
        using var alice = await NewAccountAsync(manager, "crl-pem");

        using var pem = await manager.Client.GetAsync($"/v1/zones/{alice.DefaultZoneId}/crl?format=pem");
        using var der = await manager.Client.GetAsync($"/v1/zones/{alice.DefaultZoneId}/crl?format=der");
        using var bad = await manager.Client.GetAsync($"/v1/zones/{alice.DefaultZoneId}/crl?format=xml");
        using var unknown = await manager.Client.GetAsync($"/v1/zones/{Guid.NewGuid()}/crl");
        var pemText = await pem.Content.ReadAsStringAsync();
        using var pemFile = CommandLine.File(pemText);
        var parsed = await CommandLine.RunAsync("openssl", ["crl", "-in", pemFile.Path, "-noout", "-issuer"]);

        Assert.StartsWith("-----BEGIN X509 CRL-----", pemText, StringComparison.Ordinal);
        Assert.Equal(0, parsed.ExitCode);
        Assert.Equal(await der.Content.ReadAsByteArrayAsync(), PemEncoding.Find(pemText) is var f ? Convert.FromBase64String(pemText[f.Base64Data]) : null);
        Assert.Equal("ValidationFailed", await Code(bad));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("NotFound", await Code(unknown));
    }

    [Fact]
    public async Task ARevokedCertificate_IsListed_WithItsReason_UnderAHigherNumber_AndOpenSslRefusesIt()
    {
        using var alice = await NewAccountAsync(manager, "crl-revoked");
        var before = await manager.Client.GetByteArrayAsync($"/v1/zones/{alice.DefaultZoneId}/crl");
        var cached = await manager.Client.GetByteArrayAsync($"/v1/zones/{alice.DefaultZoneId}/crl");
        using var leaf = await IssueNodeCertificateAsync(alice.DefaultZoneId);
        await RecordAsync(alice, leaf.SerialNumber, CertificateStatus.Revoked, leaf.NotAfter, "keyCompromise");
        await RecordAsync(alice, "4" + new string('1', 31), CertificateStatus.Revoked, DateTimeOffset.UtcNow.AddDays(-1), "superseded"); // expired: not listed
        await RecordAsync(alice, "4" + new string('2', 31), CertificateStatus.Issued, DateTimeOffset.UtcNow.AddDays(1), null); // not revoked

        var after = await manager.Client.GetByteArrayAsync($"/v1/zones/{alice.DefaultZoneId}/crl");
        using var beforeFile = CommandLine.File(before);
        using var afterFile = CommandLine.File(after);
        var beforeText = await CommandLine.RunAsync("openssl", ["crl", "-inform", "DER", "-in", beforeFile.Path, "-noout", "-text"]);
        var afterText = await CommandLine.RunAsync("openssl", ["crl", "-inform", "DER", "-in", afterFile.Path, "-noout", "-text"]);

        Assert.Equal(before, cached); // nothing changed: the cached CRL is served
        Assert.Contains("Serial Number: " + leaf.SerialNumber.ToUpperInvariant(), afterText.Output, StringComparison.Ordinal);
        Assert.Contains("Key Compromise", afterText.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("4111111111", afterText.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("4222222222", afterText.Output, StringComparison.Ordinal);
        Assert.True(CrlNumber(afterText.Output) > CrlNumber(beforeText.Output));

        // The relying party's view: the leaf chains to the zone root but is revoked.
        var chain = await ChainPemAsync(alice);
        using var root = CommandLine.File(chain.Root);
        using var issuing = CommandLine.File(chain.Issuing);
        using var leafFile = CommandLine.File(leaf.Pem);
        using var crlPem = CommandLine.File(await manager.Client.GetStringAsync($"/v1/zones/{alice.DefaultZoneId}/crl?format=pem"));
        var plain = await CommandLine.RunAsync("openssl", ["verify", "-CAfile", root.Path, "-untrusted", issuing.Path, leafFile.Path]);
        var checkedRevocation = await CommandLine.RunAsync("openssl", ["verify", "-crl_check", "-CAfile", root.Path, "-untrusted", issuing.Path, "-CRLfile", crlPem.Path, leafFile.Path]);
        Assert.Equal(0, plain.ExitCode);
        Assert.NotEqual(0, checkedRevocation.ExitCode);
        Assert.Contains("certificate revoked", checkedRevocation.Output + checkedRevocation.Error, StringComparison.Ordinal);
    }

    private async Task<IssuedCertificate> IssueNodeCertificateAsync(Guid zoneId)
    {
        // The manager's own master key (in its data directory) opens the zone CA, exactly as the CRL endpoint does.
        using var masterKey = MasterKeyStore.LoadOrCreate(MasterKeyStoreOptions.FromEnvironment(manager.DataDirectory));
        using var sealer = new SecretSealer(masterKey);
        using var authorities = new ZoneAuthorities(sealer, TimeProvider.System, new OpenCcm.Manager.Hosting.ManagerOptions());
        await using var store = OpenStore(manager);
        await using var scope = store.CreateAsyncScope();
        var zone = await scope.ServiceProvider.GetRequiredService<IZoneStore>().GetAsync(zoneId);
        var ca = await authorities.GetAsync(zone!, scope.ServiceProvider.GetRequiredService<ISealedSecretStore>(), default);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=node", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        return ca.IssueNodeCertificate(CsrVerifier.Verify(System.Text.Encoding.ASCII.GetBytes(csr)), new NodeCertificateRequest
        {
            CommonName = "node-1",
            Identity = new AttestedIdentity { TeeKind = TeeKinds.Sgx, Measurement = new byte[32], NodeId = "node-1", Simulated = true },
        });
    }

    private async Task RecordAsync(AccountSession account, string serial, CertificateStatus status, DateTimeOffset notAfter, string? reason)
    {
        var now = DateTimeOffset.UtcNow;
        await using var store = OpenStore(manager);
        await using var scope = store.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ICertificateStore>().CreateAsync(new Certificate
        {
            Id = Guid.NewGuid(), AccountId = account.AccountId, ZoneId = account.DefaultZoneId, Serial = serial, Status = status,
            NotBefore = now.AddDays(-2), NotAfter = notAfter, RevokedAt = status == CertificateStatus.Revoked ? now : null, Reason = reason,
            CreatedAt = now, UpdatedAt = now,
        });
    }

    private static async Task<ChainPem> ChainPemAsync(AccountSession account)
    {
        var zone = await account.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{account.DefaultZoneId}");
        return new ChainPem(zone.GetProperty("certificate").GetString()!, zone.GetProperty("issuing_certificate").GetString()!);
    }

    private static (DateTimeOffset Last, DateTimeOffset Next) Updates(string text) => (Date(text, "Last Update: "), Date(text, "Next Update: "));

    private static DateTimeOffset Date(string text, string label)
    {
        var line = text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..];
        // openssl: "Jan  2 03:04:05 2026 GMT"
        return DateTimeOffset.ParseExact(string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)), "MMM d HH:mm:ss yyyy 'GMT'",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
    }

    private static System.Numerics.BigInteger CrlNumber(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        var value = lines[lines.IndexOf("X509v3 CRL Number:") + 1];
        return value.StartsWith("0x", StringComparison.Ordinal)
            ? System.Numerics.BigInteger.Parse("0" + value[2..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)
            : System.Numerics.BigInteger.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record ChainPem(string Root, string Issuing)
    {
        public static implicit operator string(ChainPem chain) => chain.Root + "\n" + chain.Issuing;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using OpenCcm.Attestation.Pki;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Manager.Hosting;
using OpenCcm.Pki.Identity;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// Workload certificates over REAL HTTPS with the node certificate as TLS client certificate (DESIGN.md §3 flow 3): a
/// simulated SGX node, an approved app and build, a simulated REPORT binding the workload key → a certificate chaining
/// to the zone root with only approved names and the attested identity; every refusal rule with its code and no
/// certificate created; revocation onto the zone CRL; another account's builds are never allowlisted.
/// </summary>
public sealed class CertificateIssuanceTests : IAsyncLifetime, IDisposable
{
    private const string Domain = "app.example.com";
    private static readonly byte[] MrSigner = SHA256.HashData("workload signer"u8);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-issue-{Guid.NewGuid():N}");
    private readonly byte[] _mrEnclave = RandomNumberGenerator.GetBytes(32);
    private WebApplication? _app;
    private HttpClient _admin = null!;
    private string _accountId = string.Empty;
    private string _zoneId = string.Empty;
    private string _appId = string.Empty;
    private string _nodeId = string.Empty;
    private X509Certificate2 _nodeCertificate = null!;
    private SimulatedSgxPlatform _platform = null!;
    private SimulatedEnclave _agent = null!;

    private string HttpsUrl => _app!.Urls.First(u => u.StartsWith("https:", StringComparison.Ordinal));

    public async Task InitializeAsync()
    {
        var options = new ManagerOptions
        {
            DataDirectory = Path.Combine(_directory, "manager"), PasswordHashIterations = 1_000, AllowSimulated = true,
            SimulatedDirectory = Path.Combine(_directory, "simulated"), AdminEmail = "admin@example.com", AdminPassword = "a long admin password",
        };
        options.Listen.Add("https://127.0.0.1:0");
        options.Listen.Add("http://127.0.0.1:0");
        _app = ManagerHost.Build(options);
        await _app.StartAsync();
        _platform = SimulatedSgxPlatform.OpenOrCreate(Path.Combine(_directory, "simulated"));
        _agent = _platform.CreateEnclave(SHA256.HashData("node agent"u8), SHA256.HashData("openccm"u8), 1, 1);
        _admin = await LogInAsync("admin@example.com", "a long admin password");
        (_accountId, _zoneId) = await CreateAccountAsync("issuer");
        _appId = await RegisterAppAsync(_mrEnclave, new Dictionary<string, string> { ["tier"] = "gold" });
        (_nodeId, _nodeCertificate) = await EnrollAsync("node-1", new Dictionary<string, string> { ["tier"] = "gold", ["region"] = "eu" });
    }

    public void Dispose()
    {
        _admin.Dispose();
        _nodeCertificate.Dispose();
        _platform.Dispose();
    }

    public async Task DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AnAllowlistedEnclave_GetsACertificate_ChainingToTheZoneRoot_WithApprovedNamesAndItsIdentity()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = NodeClient(_nodeCertificate);

        using var response = await IssueAsync(client, Csr(key, Domain, Domain), Report(key));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("SUCCESS", body.GetProperty("task_status").GetString());
        using var certificate = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
        Assert.True(await ChainsToZoneRootAsync(certificate, body.GetProperty("ca_chain").GetString()!));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToArray();
        Assert.Equal([Domain], names);
        var identity = AttestedIdentityExtension.Read(certificate)!;
        Assert.Equal(IdentitySubject.Workload, identity.Subject);
        Assert.Equal(_mrEnclave, identity.Measurement);
        Assert.Equal(MrSigner, identity.Signer);
        Assert.Equal(1, identity.ProductId);
        Assert.Equal(2, identity.SecurityVersion);
        Assert.Equal(_nodeId, identity.NodeId);
        Assert.True(identity.Simulated);
        var task = await _admin.GetFromJsonAsync<JsonElement>($"/v1/tasks/{body.GetProperty("task_id").GetString()}");
        Assert.Equal("CERTIFICATE_ISSUANCE", task.GetProperty("task_type").GetString());
        var listed = await _admin.GetFromJsonAsync<JsonElement>($"/v1/certificates?app_id={_appId}&status=ISSUED");
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(body.GetProperty("certificate_id").GetString(), item.GetProperty("certificate_id").GetString());
        Assert.Equal(_nodeId, item.GetProperty("node_id").GetString());
    }

    [Fact]
    public async Task ConcurrentIssuances_AreCommittedTogether_EachStored_AndTheAuditChainVerifies()
    {
        // Issuances are grouped into shared transactions (IssuanceWriter): each must still be acknowledged only once stored.
        var before = await CountWorkloadCertificatesAsync();
        var keys = Enumerable.Range(0, 24).Select(_ => ECDsa.Create(ECCurve.NamedCurves.nistP256)).ToArray();
        using var client = NodeClient(_nodeCertificate);

        var responses = await Task.WhenAll(keys.Select(key => IssueAsync(client, Csr(key, Domain, Domain), Report(key))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        foreach (var response in responses)
        {
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificate_id").GetString();
            var stored = await _admin.GetFromJsonAsync<JsonElement>($"/v1/certificates/{id}");
            Assert.Equal("ISSUED", stored.GetProperty("status").GetString());
            response.Dispose();
        }

        Assert.Equal(before + keys.Length, await CountWorkloadCertificatesAsync());
        Assert.True((await _admin.GetFromJsonAsync<JsonElement>("/v1/audit/verify")).GetProperty("intact").GetBoolean());
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task RemoteEvidence_AQuoteOfTheEnclave_IsVerifiedByTheAttestationLibrary_AndAlsoGetsACertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = NodeClient(_nodeCertificate);
        var enclave = _platform.CreateEnclave(_mrEnclave, MrSigner, 1, 2);
        var quote = _platform.CreateQuote(enclave, SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        var tampered = (byte[])quote.Clone();
        tampered[100] ^= 1;

        using var response = await client.PostAsJsonAsync("/v1/certificates", new { csr = Csr(key, Domain, Domain), evidence = Convert.ToBase64String(quote) });
        var otherKey = await RefusalsAsync(client, Csr(other, Domain, Domain), quote, format: null);
        using var forged = await client.PostAsJsonAsync("/v1/certificates", new { csr = Csr(key, Domain, Domain), evidence = Convert.ToBase64String(tampered) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var certificate = X509Certificate2.CreateFromPem((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificate").GetString());
        Assert.Equal(_mrEnclave, AttestedIdentityExtension.Read(certificate)!.Measurement);
        Assert.Equal(["PolicyReportDataMismatch"], otherKey);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(1, await CountWorkloadCertificatesAsync());
    }

    [Fact]
    public async Task ADebugEnclave_GetsACertificate_OnlyWhenItsBuildIsRegisteredAsDebug()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = NodeClient(_nodeCertificate);
        var debugEnclave = RandomNumberGenerator.GetBytes(32);
        await RegisterAppAsync(debugEnclave, new Dictionary<string, string>(), debug: true);

        using var response = await IssueAsync(client, Csr(key, Domain, Domain), Report(key, debugEnclave, debug: true));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task EveryRefusal_HasItsCode_AndCreatesNoCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = NodeClient(_nodeCertificate);
        var (_, unlabelled) = await EnrollAsync("node-unlabelled", new Dictionary<string, string>());
        using var unlabelledClient = NodeClient(unlabelled);
        var before = await CountWorkloadCertificatesAsync();

        var unapprovedBuild = await RefusalsAsync(client, Csr(key, Domain, Domain), Report(key, RandomNumberGenerator.GetBytes(32)));
        var otherKey = await RefusalsAsync(client, Csr(key, Domain, Domain), Report(other));
        var unapprovedName = await RefusalsAsync(client, Csr(key, Domain, Domain, "evil.example.com"), Report(key));
        var debug = await RefusalsAsync(client, Csr(key, Domain, Domain), Report(key, debug: true));
        var labels = await RefusalsAsync(unlabelledClient, Csr(key, Domain, Domain), Report(key));
        var several = await RefusalsAsync(client, Csr(key, "evil.example.com"), Report(other, debug: true));
        using var garbage = await IssueAsync(client, Csr(key, Domain), "not a report"u8.ToArray());

        Assert.Equal(["BuildNotAllowlisted"], unapprovedBuild);
        Assert.Equal(["PolicyReportDataMismatch"], otherKey);
        Assert.Equal(["NameNotApproved"], unapprovedName);
        Assert.Equal(["PolicyDebugEnabled"], debug);
        Assert.Equal(["LabelsNotSatisfied"], labels);
        Assert.Equal(["PolicyReportDataMismatch", "PolicyDebugEnabled", "NameNotApproved"], several);
        Assert.Equal(HttpStatusCode.Forbidden, garbage.StatusCode);
        Assert.Equal("EvidenceFormatNotSupported", (await garbage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refusals")[0].GetProperty("code").GetString());
        Assert.Equal(before, await CountWorkloadCertificatesAsync());
        var audit = await _admin.GetFromJsonAsync<JsonElement>("/v1/audit?limit=1000");
        Assert.Equal(7, audit.GetProperty("items").EnumerateArray().Count(e =>
            e.GetProperty("action").GetString() == "certificate.issue" && e.GetProperty("outcome").GetString() == "DENIED"));
    }

    [Fact]
    public async Task ANodeWhoseTcbTheZoneNoLongerAccepts_GetsNoCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = NodeClient(_nodeCertificate);
        (await _admin.PatchAsJsonAsync($"/v1/zones/{_zoneId}", new { policy = new { accepted_tcb_statuses = new[] { "SWHardeningNeeded" } } })).EnsureSuccessStatusCode();

        var refusals = await RefusalsAsync(client, Csr(key, Domain, Domain), Report(key));

        Assert.Equal(["PolicyTcbStatusNotAccepted"], refusals); // the node enrolled UpToDate
        Assert.Equal(0, await CountWorkloadCertificatesAsync());
    }

    [Fact]
    public async Task NodesWithoutAValidNodeCertificate_AreRefused_BeforeAnyRule()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (retiredId, retired) = await EnrollAsync("node-retired", new Dictionary<string, string> { ["tier"] = "gold" });
        var (revokedId, revoked) = await EnrollAsync("node-revoked", new Dictionary<string, string> { ["tier"] = "gold" });
        (await _admin.PostAsync($"/v1/nodes/{retiredId}/deactivate", null)).EnsureSuccessStatusCode();
        var nodeCertificateId = (await _admin.GetFromJsonAsync<JsonElement>($"/v1/nodes/{revokedId}/certificate")).GetProperty("certificate_id").GetString();
        (await _admin.PostAsJsonAsync($"/v1/certificates/{nodeCertificateId}/revoke", new { reason = "keyCompromise" })).EnsureSuccessStatusCode();
        using var plain = new HttpClient { BaseAddress = new Uri(_app!.Urls.First(u => u.StartsWith("http:", StringComparison.Ordinal))) };
        using var retiredClient = NodeClient(retired);
        using var revokedClient = NodeClient(revoked);
        var before = await CountWorkloadCertificatesAsync();

        using var overHttp = await IssueAsync(plain, Csr(key, Domain), Report(key));
        using var deactivated = await IssueAsync(retiredClient, Csr(key, Domain), Report(key));
        using var revokedNode = await IssueAsync(revokedClient, Csr(key, Domain), Report(key));

        Assert.Equal(HttpStatusCode.Unauthorized, overHttp.StatusCode);
        Assert.Equal("NodeCertificateRequired", await Code(overHttp));
        Assert.Equal(HttpStatusCode.Forbidden, deactivated.StatusCode);
        Assert.Equal("NodeNotActive", await Code(deactivated));
        Assert.Equal(HttpStatusCode.Unauthorized, revokedNode.StatusCode);
        Assert.Equal("NodeCertificateRevoked", await Code(revokedNode));
        Assert.Equal(before, await CountWorkloadCertificatesAsync());
    }

    [Fact]
    public async Task RevokingAWorkloadCertificate_PutsItOnTheZoneCrl_Once()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = NodeClient(_nodeCertificate);
        using var issued = await IssueAsync(client, Csr(key, Domain, Domain), Report(key));
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        using var certificate = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
        var id = body.GetProperty("certificate_id").GetString();

        using var revoked = await _admin.PostAsJsonAsync($"/v1/certificates/{id}/revoke", new { reason = "keyCompromise" });
        using var again = await _admin.PostAsJsonAsync($"/v1/certificates/{id}/revoke", new { reason = "keyCompromise" });
        using var badReason = await _admin.PostAsJsonAsync($"/v1/certificates/{Guid.NewGuid()}/revoke", new { reason = "because" });
        using var unknown = await _admin.PostAsJsonAsync($"/v1/certificates/{Guid.NewGuid()}/revoke", new { reason = "superseded" });
        var crl = CertificateRevocationList.Parse(await _admin.GetByteArrayAsync($"/v1/zones/{_zoneId}/crl"));

        Assert.Equal("REVOKED", (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.True(crl.IsRevoked(certificate));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("ValidationFailed", await Code(badReason));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ARevokedWorkloadCertificate_AndADeactivatedNodesCertificate_AreRefusedByOpenSslCrlCheck()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = NodeClient(_nodeCertificate);
        using var issued = await IssueAsync(client, Csr(key, Domain, Domain), Report(key));
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var workloadPem = body.GetProperty("certificate").GetString()!;
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(body.GetProperty("ca_chain").GetString());
        using var root = CommandLine.File(chain[^1].ExportCertificatePem());
        using var issuing = CommandLine.File(chain[0].ExportCertificatePem());
        using var workload = CommandLine.File(workloadPem);

        var (nodeId, nodeCertificate) = await EnrollAsync("node-to-deactivate", new Dictionary<string, string> { ["tier"] = "gold" });
        using var node = CommandLine.File(nodeCertificate.ExportCertificatePem());
        nodeCertificate.Dispose();

        async Task<(int ExitCode, string Output, string Error)> VerifyAsync(CommandLine.TemporaryFile leaf, CommandLine.TemporaryFile crl) =>
            await CommandLine.RunAsync("openssl", ["verify", "-crl_check", "-CAfile", root.Path, "-untrusted", issuing.Path, "-CRLfile", crl.Path, leaf.Path]);

        using (var crlBefore = CommandLine.File(await _admin.GetStringAsync($"/v1/zones/{_zoneId}/crl?format=pem")))
        {
            Assert.Equal(0, (await VerifyAsync(workload, crlBefore)).ExitCode);
            Assert.Equal(0, (await VerifyAsync(node, crlBefore)).ExitCode);
        }

        (await _admin.PostAsJsonAsync($"/v1/certificates/{body.GetProperty("certificate_id").GetString()}/revoke", new { reason = "keyCompromise" })).EnsureSuccessStatusCode();
        (await _admin.PostAsync($"/v1/nodes/{nodeId}/deactivate", null)).EnsureSuccessStatusCode();
        using var crlAfter = CommandLine.File(await _admin.GetStringAsync($"/v1/zones/{_zoneId}/crl?format=pem"));
        var crlText = await CommandLine.RunAsync("openssl", ["crl", "-in", crlAfter.Path, "-noout", "-text", "-CAfile", issuing.Path]);
        var workloadVerdict = await VerifyAsync(workload, crlAfter);
        var nodeVerdict = await VerifyAsync(node, crlAfter);

        Assert.Equal(0, crlText.ExitCode);
        Assert.Contains("verify OK", crlText.Output + crlText.Error, StringComparison.Ordinal); // signed by the zone's issuing CA
        using var workloadCertificate = X509Certificate2.CreateFromPem(workloadPem);
        Assert.Contains("Serial Number: " + workloadCertificate.SerialNumber.ToUpperInvariant(), crlText.Output, StringComparison.Ordinal);
        Assert.Contains("Key Compromise", crlText.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, workloadVerdict.ExitCode);
        Assert.Contains("certificate revoked", workloadVerdict.Output + workloadVerdict.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, nodeVerdict.ExitCode);
        Assert.Contains("certificate revoked", nodeVerdict.Output + nodeVerdict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeOfAccountA_NeverGetsAnotherAccountsBuild_AndSeesNoneOfItsCertificates()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = NodeClient(_nodeCertificate);
        using var issued = await IssueAsync(client, Csr(key, Domain, Domain), Report(key));
        var certificateId = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificate_id").GetString();
        var foreignEnclave = RandomNumberGenerator.GetBytes(32);
        await CreateAccountAsync("other");
        await RegisterAppAsync(foreignEnclave, new Dictionary<string, string>());

        using var foreignRead = await _admin.GetAsync($"/v1/certificates/{certificateId}");
        var foreignList = await _admin.GetFromJsonAsync<JsonElement>("/v1/certificates");
        (await _admin.PostAsync($"/v1/accounts/select_account/{_accountId}", null)).EnsureSuccessStatusCode();
        var refusals = await RefusalsAsync(client, Csr(key, Domain, Domain), Report(key, foreignEnclave));

        Assert.Equal(HttpStatusCode.NotFound, foreignRead.StatusCode);
        Assert.Equal(0, foreignList.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(["BuildNotAllowlisted"], refusals);
    }

    [Fact]
    public async Task MalformedRequests_AreRejected_AndTheCertificateApi_KeepsRolesAndAccounts()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = NodeClient(_nodeCertificate);
        using var issued = await IssueAsync(client, Csr(key, Domain, Domain), Report(key));
        var certificateId = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificate_id").GetString();
        var before = await CountWorkloadCertificatesAsync();

        using var badJson = await client.PostAsync("/v1/certificates", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        using var noCsr = await client.PostAsJsonAsync("/v1/certificates", new { evidence = Convert.ToBase64String(Report(key)) });
        using var otherNode = await client.PostAsJsonAsync("/v1/certificates", new { csr = Csr(key, Domain), evidence = Convert.ToBase64String(Report(key)), node_id = Guid.NewGuid() });
        using var badCsr = await client.PostAsJsonAsync("/v1/certificates", new { csr = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", evidence = Convert.ToBase64String(Report(key)) });
        using var notBase64 = await client.PostAsJsonAsync("/v1/certificates", new { csr = Csr(key, Domain), evidence = "%%%" });
        using var badStatus = await _admin.GetAsync("/v1/certificates?status=SHINY");
        using var reader = await AddMemberAsync("READER");
        using var readerRevoke = await reader.PostAsJsonAsync($"/v1/certificates/{certificateId}/revoke", new { reason = "superseded" });
        using var readerGet = await reader.GetAsync($"/v1/certificates/{certificateId}");
        using var anonymous = new HttpClient(TrustingManagerCa(new HttpClientHandler()), disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) };
        using var anonymousList = await anonymous.GetAsync("/v1/certificates");

        Assert.Equal("MalformedJson", await Code(badJson));
        Assert.Equal("ValidationFailed", await Code(noCsr));
        Assert.Equal("ValidationFailed", await Code(otherNode));
        Assert.Equal("CsrInvalid", await Code(badCsr));
        Assert.Equal("EvidenceInvalid", await Code(notBase64));
        Assert.Equal("ValidationFailed", await Code(badStatus));
        Assert.Equal(HttpStatusCode.Forbidden, readerRevoke.StatusCode);
        Assert.Equal("Forbidden", await Code(readerRevoke));
        Assert.Equal(HttpStatusCode.OK, readerGet.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        Assert.Equal(before, await CountWorkloadCertificatesAsync());
        Assert.Equal("ISSUED", (await _admin.GetFromJsonAsync<JsonElement>($"/v1/certificates/{certificateId}")).GetProperty("status").GetString());
    }

    private async Task<HttpClient> AddMemberAsync(string role)
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        using (var anonymous = new HttpClient(TrustingManagerCa(new HttpClientHandler()), disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) })
        {
            (await anonymous.PostAsJsonAsync("/v1/users", new { user_email = email, user_password = "a long member password" })).EnsureSuccessStatusCode();
        }

        (await _admin.PostAsJsonAsync($"/v1/accounts/{_accountId}/members", new { user_email = email, role })).EnsureSuccessStatusCode();
        var client = await LogInAsync(email, "a long member password");
        (await client.PostAsync($"/v1/accounts/select_account/{_accountId}", null)).EnsureSuccessStatusCode();
        return client;
    }

    private async Task<(string AccountId, string ZoneId)> CreateAccountAsync(string name)
    {
        using var account = await _admin.PostAsJsonAsync("/v1/accounts", new { name });
        var created = await account.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("acct_id").GetString()!;
        (await _admin.PostAsync($"/v1/accounts/select_account/{id}", null)).EnsureSuccessStatusCode();
        return (id, created.GetProperty("default_zone_id").GetString()!);
    }

    // An app with the approved domain and these labels, and an approved build of the simulated enclave.
    private async Task<string> RegisterAppAsync(byte[] mrEnclave, Dictionary<string, string> labels, bool debug = false)
    {
        using var created = await _admin.PostAsJsonAsync("/v1/apps", new { name = $"app-{Guid.NewGuid():N}", allowed_domains = new[] { Domain }, labels });
        var app = await created.Content.ReadFromJsonAsync<JsonElement>();
        await ApproveAsync(app.GetProperty("pending_task_id").GetString()!);
        var appId = app.GetProperty("app_id").GetString()!;
        using var build = await _admin.PostAsJsonAsync("/v1/builds", new
        {
            app_id = appId, mrenclave = Convert.ToHexStringLower(mrEnclave), mrsigner = Convert.ToHexStringLower(MrSigner), isvprodid = 1, isvsvn = 2, debug,
        });
        build.EnsureSuccessStatusCode();
        await ApproveAsync((await build.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pending_task_id").GetString()!);
        return appId;
    }

    private async Task ApproveAsync(string taskId) =>
        (await _admin.PatchAsJsonAsync($"/v1/tasks/{taskId}", new { status = "APPROVED" })).EnsureSuccessStatusCode();

    private async Task<int> CountWorkloadCertificatesAsync() =>
        (await _admin.GetFromJsonAsync<JsonElement>($"/v1/certificates?app_id={_appId}")).GetProperty("metadata").GetProperty("total_count").GetInt32();

    private async Task<string[]> RefusalsAsync(HttpClient client, string csr, byte[] evidence, string? format = "sgx-report")
    {
        using var response = await IssueAsync(client, csr, evidence, format);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("CertificateRefused", body.GetProperty("code").GetString());
        return [.. body.GetProperty("refusals").EnumerateArray().Select(r => r.GetProperty("code").GetString()!)];
    }

    private static Task<HttpResponseMessage> IssueAsync(HttpClient client, string csr, byte[] evidence, string? format = "sgx-report") =>
        client.PostAsJsonAsync("/v1/certificates", new { csr, evidence = Convert.ToBase64String(evidence), format });

    // A REPORT of the workload enclave for the node agent (its MAC is the agent's to check), binding the key.
    private byte[] Report(ECDsa key, byte[]? mrEnclave = null, bool debug = false)
    {
        var enclave = _platform.CreateEnclave(mrEnclave ?? _mrEnclave, MrSigner, 1, 2, debug);
        return _platform.CreateReport(_agent.TargetInfo, enclave, SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    private static string Csr(ECDsa key, string commonName, params string[] dnsNames)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        return request.CreateSigningRequestPem();
    }

    private async Task<bool> ChainsToZoneRootAsync(X509Certificate2 leaf, string chainPem)
    {
        var rootPem = (await _admin.GetFromJsonAsync<JsonElement>($"/v1/zones/{_zoneId}")).GetProperty("certificate").GetString();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(rootPem));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var extra = new X509Certificate2Collection();
        extra.ImportFromPem(chainPem);
        chain.ChainPolicy.ExtraStore.AddRange(extra);
        return chain.Build(leaf);
    }

    private async Task<(string NodeId, X509Certificate2 Certificate)> EnrollAsync(string name, Dictionary<string, string> labels)
    {
        var token = (await _admin.GetFromJsonAsync<JsonElement>($"/v1/zones/{_zoneId}/token")).GetProperty("token").GetString()!;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=node", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var quote = _platform.CreateQuote(_agent, SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/nodes")
        {
            Content = JsonContent.Create(new { name, labels, attestation_request = new { csr, evidence = Convert.ToBase64String(quote) } }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await _admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var issued = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
        return (body.GetProperty("node_id").GetString()!, issued.CopyWithPrivateKey(key));
    }

    private HttpClient NodeClient(X509Certificate2 certificate)
    {
        var handler = TrustingManagerCa(new HttpClientHandler { ClientCertificateOptions = ClientCertificateOption.Manual });
        handler.ClientCertificates.Add(certificate);
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) };
    }

    private HttpClientHandler TrustingManagerCa(HttpClientHandler handler)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_directory, "manager", "manager-ca.pem")));
        handler.ServerCertificateCustomValidationCallback = (_, server, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return server is not null && chain.Build(server);
        };
        return handler;
    }

    private async Task<HttpClient> LogInAsync(string email, string password)
    {
        var client = new HttpClient(TrustingManagerCa(new HttpClientHandler()), disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{email}:{password}")));
        using var response = await client.SendAsync(request);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenCcm.AgentProtocol;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Runtime.Tests;

/// <summary>How the fake agent answers <c>/v1/certificate/issue</c>.</summary>
internal enum IssueMode
{
    Success,
    InProgressThenSuccess,
    Denied,
}

/// <summary>A heartbeat the fake agent received, with the outcome of its signature check.</summary>
internal sealed record ReceivedHeartbeat(HeartbeatPayload Payload, bool SignatureValid, string CertificatePem);

/// <summary>
/// A node agent speaking the local API (AgentProtocol DTOs) on a real loopback socket, with its own simulated enclave
/// ("FQPE") on the shared simulated platform: it checks the workload's REPORT by local attestation and the report data
/// binding of CSR #1, issues an attestation certificate and an fqpe_report for the workload, and signs CSR #2 with a
/// zone CA of its own (standing in for the manager). It records the REPORTs and heartbeats it received.
/// </summary>
internal sealed class FakeNodeAgent : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatedSgxPlatform _platform;
    private readonly SimulatedEnclave _fqpe;
    private readonly ECDsa _nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _nodeCertificate;
    private readonly ECDsa _zoneKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<Guid, CertificateTask> _tasks = new();
    private int _heartbeatFailuresLeft;

    private FakeNodeAgent(string simulatedDirectory)
    {
        _platform = SimulatedSgxPlatform.OpenOrCreate(simulatedDirectory);
        _fqpe = _platform.CreateEnclave(
            SHA256.HashData("OpenCCM simulated node agent enclave"u8), SHA256.HashData("OpenCCM simulated node agent signer"u8), 1, 1);
        var now = DateTimeOffset.UtcNow;
        _nodeCertificate = new CertificateRequest("CN=fake node", _nodeKey, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        var zoneRequest = new CertificateRequest("CN=Fake Zone Root", _zoneKey, HashAlgorithmName.SHA256);
        zoneRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        zoneRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        ZoneRoot = zoneRequest.CreateSelfSigned(now.AddHours(-1), now.AddYears(1));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/v1/sys/version", () => Results.Json(
            new AgentVersionResponse("test", "1", Guid.NewGuid(), "simulated-sgx"), AgentProtocolJson.Default.AgentVersionResponse));
        _app.MapGet("/v1/enclave/target-info", () => Results.Json(
            new TargetInfoResponse(Convert.ToBase64String(_fqpe.TargetInfo.Raw.Span)), AgentProtocolJson.Default.TargetInfoResponse));
        _app.MapPost("/v1/enclave/attest", AttestAsync);
        _app.MapPost("/v1/certificate/issue", IssueAsync);
        _app.MapPost("/v1/certificate/result/{taskId:guid}", (Guid taskId) => _tasks.TryGetValue(taskId, out var task)
            ? Results.Json(task, AgentProtocolJson.Default.CertificateTask)
            : Problem(404, AgentErrorCodes.TaskNotFound, "no such task"));
        _app.MapPost("/v1/heartbeat", HeartbeatAsync);
    }

    public string BaseUrl { get; private set; } = string.Empty;

    public X509Certificate2 ZoneRoot { get; }

    public IssueMode Mode { get; set; } = IssueMode.Success;

    /// <summary>Validity of the certificates the fake "manager" issues.</summary>
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The REPORT bodies of the workloads that attested.</summary>
    public ConcurrentQueue<SgxReportBody> Reports { get; } = new();

    public ConcurrentQueue<ReceivedHeartbeat> Heartbeats { get; } = new();

    public ConcurrentQueue<X509Certificate2> Issued { get; } = new();

    /// <summary>The next N heartbeats are answered 503 (a transient agent error).</summary>
    public void FailNextHeartbeats(int count) => Interlocked.Exchange(ref _heartbeatFailuresLeft, count);

    public static async Task<FakeNodeAgent> StartAsync(string simulatedDirectory)
    {
        var agent = new FakeNodeAgent(simulatedDirectory);
        await agent._app.StartAsync();
        agent.BaseUrl = agent._app.Urls.First().TrimEnd('/') + "/v1";
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _platform.Dispose();
        _nodeKey.Dispose();
        _zoneKey.Dispose();
    }

    private async Task<IResult> AttestAsync(HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync(request.Body, AgentProtocolJson.Default.AttestRequest);
        var report = SgxReport.Parse(Convert.FromBase64String(body!.Report!));
        var verdict = _platform.CreateReportVerifier(_fqpe.TargetInfo).Verify(report.Raw, new VerificationContext { Time = DateTimeOffset.UtcNow, AllowSimulated = true });
        if (!verdict.Verified)
        {
            return Problem(403, AgentErrorCodes.ReportMacInvalid, "REPORT MAC does not verify");
        }

        var csr = ParsedAttestationCsr.Parse(body.AttestationCsr!);
        if (!ReportDataBinding.Matches(report.Body.ReportData, csr.SubjectPublicKeyInfo))
        {
            return Problem(403, AgentErrorCodes.ReportDataMismatch, "report data does not bind the CSR key");
        }

        Reports.Enqueue(report.Body);
        var now = DateTimeOffset.UtcNow;
        var attestation = csr.Request.Create(_nodeCertificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_nodeKey),
            now.AddMinutes(-5), now.AddHours(1), RandomNumberGenerator.GetBytes(12));
        var fqpeReport = _platform.CreateReport(SgxTargetInfo.ForEnclave(report.Body), _fqpe, ReportDataBinding.For(attestation.RawData));
        return Results.Json(
            new AttestResponse(attestation.ExportCertificatePem(), _nodeCertificate.ExportCertificatePem(), Convert.ToBase64String(fqpeReport)),
            AgentProtocolJson.Default.AttestResponse);
    }

    private async Task<IResult> IssueAsync(HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync(request.Body, AgentProtocolJson.Default.IssueCertificateRequest);
        var csr = ParsedAttestationCsr.Parse(body!.Csr!);
        if (csr.EmbeddedFqpe is null)
        {
            return Problem(400, AgentErrorCodes.CsrAttestationMissing, "CSR #2 lacks attestationEmbeddedFqpe");
        }

        var taskId = Guid.NewGuid();
        CertificateTask task = Mode switch
        {
            IssueMode.Denied => new CertificateTask(taskId, TaskStatuses.Denied, Reason: new TaskReason(
                "BuildNotAllowlisted", "The build is not allowlisted for this app.",
                [new TaskRefusal("MrEnclaveNotApproved", "mrenclave 00ff... is not an approved build")])),
            _ => Sign(taskId, csr),
        };
        if (Mode == IssueMode.InProgressThenSuccess)
        {
            _tasks[taskId] = task;
            return Results.Json(new CertificateTask(taskId, TaskStatuses.InProgress), AgentProtocolJson.Default.CertificateTask);
        }

        return Results.Json(task, AgentProtocolJson.Default.CertificateTask);
    }

    private CertificateTask Sign(Guid taskId, ParsedAttestationCsr csr)
    {
        var now = DateTimeOffset.UtcNow;
        var request = new CertificateRequest(csr.Request.SubjectName, csr.Request.PublicKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in csr.DnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var certificate = request.Create(ZoneRoot.SubjectName, X509SignatureGenerator.CreateForECDsa(_zoneKey), now.AddSeconds(-1),
            now + CertificateLifetime, RandomNumberGenerator.GetBytes(12));
        Issued.Enqueue(certificate);
        return new CertificateTask(taskId, TaskStatuses.Success, certificate.ExportCertificatePem(), ZoneRoot.ExportCertificatePem());
    }

    private async Task<IResult> HeartbeatAsync(HttpRequest request)
    {
        var envelope = await JsonSerializer.DeserializeAsync(request.Body, AgentProtocolJson.Default.HeartbeatEnvelope);
        if (Interlocked.Decrement(ref _heartbeatFailuresLeft) >= 0)
        {
            return Problem(503, AgentErrorCodes.HeartbeatBufferFull, "try again");
        }

        var payloadBytes = Convert.FromBase64String(envelope!.Payload!);
        var payload = JsonSerializer.Deserialize(payloadBytes, AgentProtocolJson.Default.HeartbeatPayload)!;
        using var certificate = X509Certificate2.CreateFromPem(envelope.Certificate);
        var valid = HeartbeatSigning.Verify(payloadBytes, Convert.FromBase64String(envelope.Signature!), certificate);
        Heartbeats.Enqueue(new ReceivedHeartbeat(payload, valid, envelope.Certificate!));
        return valid
            ? Results.Json(new HeartbeatAccepted("OK"), AgentProtocolJson.Default.HeartbeatAccepted, statusCode: 202)
            : Problem(401, AgentErrorCodes.HeartbeatSignatureInvalid, "bad signature");
    }

    private static IResult Problem(int status, string code, string detail) =>
        Results.Json(new AgentProblem(null, code, status, detail, code), AgentProtocolJson.Default.AgentProblem, "application/problem+json", status);
}

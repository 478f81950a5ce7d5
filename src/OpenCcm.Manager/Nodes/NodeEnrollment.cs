using System.Text.Json;
using OpenCcm.Attestation;
using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Security;
using OpenCcm.Manager.Zones;
using OpenCcm.Pki;
using OpenCcm.Pki.Identity;
using OpenCcm.Pki.Issuance;

namespace OpenCcm.Manager.Nodes;

/// <summary>The outcome of an enrollment: the node and its certificate, or the reasons it was refused.</summary>
internal sealed record EnrollmentOutcome(NodeEnrollmentResponse? Enrolled, string? Code, string? Detail, IReadOnlyList<Finding> Refusals);

/// <summary>
/// Node provisioning (DESIGN.md §3 flow 1): a join token names the zone; the node's CSR and its platform evidence,
/// whose report data binds the CSR key, are judged by <see cref="NodeAttestation"/>; an accepted node is recorded
/// (TEE kind, TCB status, platform identifiers, labels, simulated) and gets a node certificate from the zone CA
/// carrying its attested identity. Node, certificate, task and audit entry are written in one transaction; a refusal
/// writes only its audit entry.
/// </summary>
internal sealed class NodeEnrollment(
    JoinTokens joinTokens, NodeAttestation attestation, ZoneAuthorities authorities, ISealedSecretStore secrets, INodeStore nodes,
    ICertificateStore certificates, ITaskStore tasks, IAuditStore audit, IStoreTransactions transactions, TimeProvider time)
{
    public const string JoinTokenInvalid = "JoinTokenInvalid";
    public const string CsrInvalid = "CsrInvalid";
    public const string EvidenceInvalid = "EvidenceInvalid";
    public const string NodeAttestationFailed = "NodeAttestationFailed";

    public async Task<EnrollmentOutcome> EnrollAsync(string? presentedToken, NodeEnrollmentRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var usable = await joinTokens.ValidateAsync(presentedToken, cancellationToken);
        if (usable is null)
        {
            return Refused(JoinTokenInvalid, "The join token is unknown, expired or revoked.");
        }

        var name = request.Name?.Trim() ?? string.Empty;
        var attestationRequest = request.AttestationRequest;
        if (name.Length is 0 or > 200 || attestationRequest?.Csr is null)
        {
            return Refused(ApiProblemsCode.ValidationFailed, "name (1..200 characters) and attestation_request.csr are required.");
        }

        VerifiedCsr csr;
        try
        {
            csr = CsrVerifier.Verify(System.Text.Encoding.ASCII.GetBytes(attestationRequest.Csr));
        }
        catch (PkiException e)
        {
            return Refused(CsrInvalid, $"The CSR is not acceptable ({e.Code}): {e.Message}");
        }

        byte[] evidence;
        try
        {
            evidence = Convert.FromBase64String(attestationRequest.Evidence ?? attestationRequest.IasQuote ?? string.Empty);
        }
        catch (FormatException)
        {
            return Refused(EvidenceInvalid, "attestation_request.evidence must be base64.");
        }

        var zone = usable.Zone;
        var judged = attestation.Attest(evidence, attestationRequest.Format, csr.SubjectPublicKeyInfo, zone.Policy);
        if (!judged.Accepted)
        {
            await audit.AppendAsync(Audit.Entry(now, zone.AccountId, "node:" + name, "node.enroll", "zone:" + zone.Id, AuditOutcome.Denied,
                new { refusals = judged.Refusals.Select(r => r.Code).ToArray() }), cancellationToken);
            return new EnrollmentOutcome(null, NodeAttestationFailed, string.Join(" ", judged.Refusals.Select(r => $"{r.Code}: {r.Message}")), judged.Refusals);
        }

        var nodeId = Guid.NewGuid();
        var authority = await authorities.GetAsync(zone, secrets, cancellationToken);
        var issued = authority.IssueNodeCertificate(csr, new NodeCertificateRequest
        {
            CommonName = nodeId.ToString(),
            Identity = new AttestedIdentity
            {
                Subject = IdentitySubject.Node,
                TeeKind = PkiTeeKind(judged.TeeKind!.Value),
                Measurement = PlatformMeasurement(judged),
                NodeId = nodeId.ToString(),
                Simulated = judged.Simulated,
            },
        });

        await using var transaction = await transactions.BeginAsync(cancellationToken);
        var node = await nodes.CreateAsync(new Node
        {
            Id = nodeId, AccountId = zone.AccountId, ZoneId = zone.Id, Name = name, Description = request.Description, IpAddress = request.Ipaddress,
            TeeKind = judged.TeeKind!.Value, TcbStatus = judged.TcbStatus, PlatformIdentifiers = judged.PlatformIdentifiers,
            Labels = request.Labels ?? new Dictionary<string, string>(), Simulated = judged.Simulated, Status = NodeStatus.Running,
            StatusUpdatedAt = now, AttestedAt = now, LastSeenAt = now, CertificateSerial = issued.SerialNumber, CreatedAt = now, UpdatedAt = now,
        }, cancellationToken);
        await certificates.CreateAsync(new Certificate
        {
            Id = Guid.NewGuid(), AccountId = zone.AccountId, ZoneId = zone.Id, Serial = issued.SerialNumber, Status = CertificateStatus.Issued,
            NodeId = node.Id, SubjectName = issued.Subject, CertificatePem = issued.Pem, NotBefore = issued.NotBefore,
            NotAfter = issued.NotAfter, Simulated = judged.Simulated, CreatedAt = now, UpdatedAt = now,
        }, cancellationToken);
        var task = await tasks.CreateAsync(new ApprovalTask
        {
            Id = Guid.NewGuid(), AccountId = zone.AccountId, TaskType = TaskType.NodeAttestation, EntityId = node.Id,
            Description = $"Attestation of node {name}", Requester = new TaskRequester { Type = RequesterType.System },
            Status = ApprovalTaskStatus.Success, CreatedAt = now, UpdatedAt = now,
        }, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, zone.AccountId, "node:" + name, "node.enroll", "node:" + node.Id, AuditOutcome.Success,
            new { zone = zone.Id, tee = WireNames.Of(node.TeeKind), tcb = node.TcbStatus, simulated = node.Simulated, serial = issued.SerialNumber }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new EnrollmentOutcome(
            new NodeEnrollmentResponse(task.Id, WireNames.Of(task.TaskType), WireNames.Of(task.Status), node.Id, issued.Pem, issued.ChainPem, node.Simulated),
            null, null, []);
    }

    // What the node certificate names as the platform's measurement: the attested platform enclave, TD, VM or image.
    private static byte[] PlatformMeasurement(NodeAttestationResult judged) => judged.Verdict?.Claims switch
    {
        Attestation.Sgx.SgxClaims sgx => sgx.MrEnclave,
        Attestation.Tdx.TdxClaims tdx => tdx.MrTd,
        Attestation.Snp.SnpClaims snp => snp.Measurement,
        Attestation.Nitro.NitroClaims nitro when nitro.Pcrs.TryGetValue(0, out var pcr0) => pcr0,
        _ => [],
    };

    private static string PkiTeeKind(TeeKind kind) => kind switch
    {
        TeeKind.Sgx => TeeKinds.Sgx,
        TeeKind.Tdx => TeeKinds.Tdx,
        TeeKind.SevSnp => TeeKinds.Snp,
        _ => TeeKinds.Nitro,
    };

    private static EnrollmentOutcome Refused(string code, string detail) => new(null, code, detail, []);
}

/// <summary>The codes <see cref="NodeEnrollment"/> shares with the generic problem vocabulary.</summary>
internal static class ApiProblemsCode
{
    public const string ValidationFailed = Http.ApiProblems.ValidationFailed;
}

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

namespace OpenCcm.Manager.Certificates;

/// <summary>The outcome of an issuance: the certificate, or the code, detail and every failed rule.</summary>
internal sealed record IssuanceOutcome(CertificateIssueResponse? Issued, string? Code, string? Detail, IReadOnlyList<Finding> Refusals);

/// <summary>
/// Workload certificate issuance (DESIGN.md §3 flow 3) for a node authenticated by mTLS. Every rule is checked and every
/// failure reported: the evidence (<see cref="WorkloadEvidence"/>) binds the CSR key and its TCB is accepted, its identity
/// measurement is a WHITELISTED build of the node's account (SGX: and MRSIGNER/ISVPRODID/ISVSVN as registered), no debug unless
/// the build is registered as debug, every requested name is an approved domain of the build's app, and the app's labels
/// are a subset of the node's. Certificate, CERTIFICATE_ISSUANCE task and audit entry are one transaction; a refusal
/// writes only its audit entry.
/// </summary>
internal sealed class WorkloadIssuance(
    WorkloadEvidence evidenceJudge, ZoneAuthorities authorities, ISealedSecretStore secrets, IBuildStore builds, IAppStore apps,
    IAuditStore audit, IssuanceWriter writer, AllowlistCache allowlist, TimeProvider time)
{
    public async Task<IssuanceOutcome> IssueAsync(NodeClient client, CertificateIssueRequest request, CancellationToken cancellationToken)
    {
        var node = client.Node;
        if (request.Csr is null || request.Evidence is null || (request.NodeId is { } claimed && claimed != node.Id))
        {
            return Invalid(Http.ApiProblems.ValidationFailed, "csr and evidence are required; node_id, when given, must be the calling node's.");
        }

        VerifiedCsr csr;
        try
        {
            csr = CsrVerifier.Verify(System.Text.Encoding.ASCII.GetBytes(request.Csr));
        }
        catch (PkiException e)
        {
            return Invalid(Nodes.NodeEnrollment.CsrInvalid, $"The CSR is not acceptable ({e.Code}): {e.Message}");
        }

        byte[] evidence;
        try
        {
            evidence = Convert.FromBase64String(request.Evidence);
        }
        catch (FormatException)
        {
            return Invalid(Nodes.NodeEnrollment.EvidenceInvalid, "evidence must be base64.");
        }

        var now = time.GetUtcNow();
        var (identity, refusals) = evidenceJudge.Judge(evidence, request.Format, csr.SubjectPublicKeyInfo, client);
        if (identity is null)
        {
            return await RefuseAsync(client, refusals, null, now, cancellationToken);
        }

        var (build, app) = await FindBuildAsync(node.AccountId, identity, cancellationToken);
        if (build is null || app is null || app.AccountId != node.AccountId || !Allowlisted(build, identity) || (request.AppId is { } appId && appId != app.Id))
        {
            refusals.Add(Finding.Error(CertificateRefusals.BuildNotAllowlisted, "The enclave is not a whitelisted build of the account (or of the requested app)."));
            build = null;
            app = null;
        }

        if (identity.Debug && build is not { Debug: true })
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyDebugEnabled, "The workload runs in debug mode and its build is not registered as debug."));
        }

        var names = RequestedNames(csr);
        if (app is not null)
        {
            var unapproved = names.Where(n => !app.WhitelistedDomains.Contains(n, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (unapproved.Length > 0)
            {
                refusals.Add(Finding.Error(CertificateRefusals.NameNotApproved, $"Not approved domains of the app: {string.Join(", ", unapproved)}."));
            }

            var missing = app.Labels.Where(l => !node.Labels.TryGetValue(l.Key, out var value) || value != l.Value).Select(l => l.Key).ToArray();
            if (missing.Length > 0)
            {
                refusals.Add(Finding.Error(CertificateRefusals.LabelsNotSatisfied, $"The node lacks the app's labels: {string.Join(", ", missing)}."));
            }
        }

        if (refusals.Count > 0)
        {
            return await RefuseAsync(client, refusals, app, now, cancellationToken);
        }

        return await IssueAsync(client, request.Csr, csr, identity, build!, app!, names, now, cancellationToken);
    }

    private async Task<IssuanceOutcome> IssueAsync(
        NodeClient client, string csrPem, VerifiedCsr csr, WorkloadIdentity identity, Build build, App app, List<string> names, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var node = client.Node;
        var authority = await authorities.GetAsync(client.Zone, secrets, cancellationToken);
        using var issued = authority.IssueWorkloadCertificate(csr, new WorkloadCertificateRequest
        {
            CommonName = names.Count > 0 ? names[0] : app.Name.Length <= 64 ? app.Name : app.Name[..64],
            DnsNames = names,
            Identity = new AttestedIdentity
            {
                TeeKind = PkiTeeKind(identity.TeeKind), Measurement = identity.Measurement, Signer = identity.Signer, ProductId = identity.ProductId,
                SecurityVersion = identity.SecurityVersion, NodeId = node.Id.ToString(), Simulated = identity.Simulated,
            },
        });

        // Time-ordered ids (UUIDv7): the rows of the hot tables and the indexes on their ids then grow at one end instead of
        // touching a random page each, which at thousands of issuances per second is most of what the store writes.
        var certificate = new Certificate
        {
            Id = Guid.CreateVersion7(now), AccountId = node.AccountId, ZoneId = node.ZoneId, Serial = issued.SerialNumber, Status = CertificateStatus.Issued,
            NodeId = node.Id, AppId = app.Id, BuildId = build.Id, SubjectName = issued.Subject, DnsNames = issued.DnsNames,
            CsrPem = csrPem, CertificatePem = issued.Pem, NotBefore = issued.NotBefore, NotAfter = issued.NotAfter,
            Simulated = identity.Simulated, CreatedAt = now, UpdatedAt = now,
        };
        var task = new ApprovalTask
        {
            Id = Guid.CreateVersion7(now), AccountId = node.AccountId, TaskType = TaskType.CertificateIssuance, EntityId = certificate.Id,
            Description = $"Certificate for app {app.Name} on node {node.Name}", Requester = new TaskRequester { Type = RequesterType.System },
            Status = ApprovalTaskStatus.Success, CreatedAt = now, UpdatedAt = now,
        };
        var entry = Audit.Entry(now, node.AccountId, "node:" + node.Id, "certificate.issue", "certificate:" + certificate.Id, AuditOutcome.Success,
            new { app = app.Id, build = build.Id, serial = issued.SerialNumber, names, simulated = identity.Simulated });

        // Certificate, task and audit entry commit together, grouped with concurrent issuances (IssuanceWriter).
        await writer.WriteAsync(certificate, task, entry, cancellationToken);
        return new IssuanceOutcome(
            new CertificateIssueResponse(task.Id, WireNames.Of(task.Status), certificate.Id, issued.Pem, issued.CaChainPem, identity.Simulated),
            null, null, []);
    }

    // Scoped to the node's account: another account's builds are never found. Found pairs are cached (AllowlistCache).
    private async ValueTask<(Build? Build, App? App)> FindBuildAsync(Guid accountId, WorkloadIdentity identity, CancellationToken cancellationToken)
    {
        var key = (accountId, identity.TeeKind, identity.MeasurementHex);
        if (allowlist.TryGet(key, out var cached))
        {
            return cached;
        }

        var version = AllowlistCache.CurrentVersion;
        var build = await builds.FindByMeasurementAsync(accountId, identity.TeeKind, identity.MeasurementHex, cancellationToken);
        var app = build is null ? null : await apps.GetAsync(build.AppId, cancellationToken);
        if (build is not null && app is not null)
        {
            allowlist.Set(key, (build, app), version);
        }

        return (build, app);
    }

    // The identity measurement matched the lookup; for SGX, MRSIGNER, ISVPRODID and ISVSVN must match as registered.
    private static bool Allowlisted(Build build, WorkloadIdentity identity) =>
        build.Status == BuildStatus.Whitelisted
        && (identity.TeeKind != TeeKind.Sgx || build.EnclaveInfo is { } enclave
            && (string.IsNullOrEmpty(enclave.Mrsigner) || string.Equals(enclave.Mrsigner, Convert.ToHexStringLower(identity.Signer ?? []), StringComparison.OrdinalIgnoreCase))
            && enclave.IsvProdId == identity.ProductId && enclave.IsvSvn == identity.SecurityVersion);

    private static string PkiTeeKind(TeeKind kind) => kind switch
    {
        TeeKind.Sgx => TeeKinds.Sgx,
        TeeKind.Tdx => TeeKinds.Tdx,
        TeeKind.SevSnp => TeeKinds.Snp,
        _ => TeeKinds.Nitro,
    };

    // The CSR's DNS SANs, and its CN when it looks like a DNS name (lowercase, no duplicates).
    private static List<string> RequestedNames(VerifiedCsr csr)
    {
        var names = new List<string>(csr.RequestedDnsNames);
        var commonName = csr.Subject.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.3").Select(rdn => rdn.GetSingleElementValue()).FirstOrDefault();
        if (commonName is not null && Uri.CheckHostName(commonName) == UriHostNameType.Dns && commonName.Contains('.', StringComparison.Ordinal))
        {
            names.Insert(0, commonName.ToLowerInvariant());
        }

        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    private async Task<IssuanceOutcome> RefuseAsync(NodeClient client, List<Finding> refusals, App? app, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(Audit.Entry(now, client.Node.AccountId, "node:" + client.Node.Id, "certificate.issue", "node:" + client.Node.Id, AuditOutcome.Denied,
            new { app = app?.Id, refusals = refusals.Select(r => r.Code).ToArray() }), cancellationToken);
        return new IssuanceOutcome(null, CertificateRefusals.CertificateRefused, string.Join(" ", refusals.Select(r => $"{r.Code}: {r.Message}")), refusals);
    }

    private static IssuanceOutcome Invalid(string code, string detail) => new(null, code, detail, []);
}

/// <summary>Builds and their apps by (account, TEE kind, measurement) (<see cref="Caching.DecisionCache{TKey, TValue}"/>).</summary>
internal sealed class AllowlistCache(TimeProvider time, Hosting.ManagerOptions options)
    : Caching.DecisionCache<(Guid Account, TeeKind Kind, string Measurement), (Build? Build, App? App)>(time, options.DecisionCacheTtl);

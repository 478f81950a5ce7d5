using System.Security.Cryptography;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Nitro;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Attestation.Snp;
using OpenCcm.Attestation.Tdx;
using OpenCcm.Core.Models;
using OpenCcm.Manager.Hosting;

namespace OpenCcm.Manager.Nodes;

/// <summary>
/// Judges a node's platform evidence for enrollment (DESIGN.md §3 flow 1): authentic (attestation library, with the
/// manager's collateral, at the current time), bound to the key of the node's CSR — the first 32 bytes of the report
/// data (Nitro: the user data) are SHA-256 of the CSR's SubjectPublicKeyInfo — and allowed by the zone's policy
/// (TEE kind, accepted TCB statuses, simulated only when the manager allows it, no debug platform enclave).
/// </summary>
public sealed class NodeAttestation(EvidenceVerifierRegistry registry, ManagerOptions options, TimeProvider time)
{
    private readonly Lazy<CollateralSet> _collateral = new(() => CollateralSet.LoadDirectories(options.CollateralDirectories));

    public NodeAttestationResult Attest(ReadOnlyMemory<byte> evidence, string? format, ReadOnlySpan<byte> csrSubjectPublicKeyInfo, ZonePolicy policy)
    {
        var verifier = format is null or "auto" ? registry.Detect(evidence.Span) : registry.Find(format);
        if (verifier is null || ToTeeKind(verifier.Format) is not { } kind)
        {
            return Refused([Finding.Error(FindingCodes.UnsupportedFormat, $"The evidence is not a supported platform evidence format ({format ?? "auto"}).")]);
        }

        var now = time.GetUtcNow();
        var verdict = Verify(verifier, evidence, now);
        var refusals = new List<Finding>();
        if (!verdict.Verified)
        {
            refusals.AddRange(verdict.Errors);
            return new NodeAttestationResult(false, kind, verdict.TcbStatus, verdict.Simulated, Identifiers(verdict), refusals, verdict);
        }

        var expected = SHA256.HashData(csrSubjectPublicKeyInfo);
        if (BoundData(verdict.Claims) is not { Length: >= 32 } bound || !CryptographicOperations.FixedTimeEquals(bound.AsSpan(0, 32), expected))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyReportDataMismatch, "The evidence's report data does not bind the CSR's public key (SHA-256 of its SubjectPublicKeyInfo)."));
        }

        if (policy.AllowedTeeKinds.Count > 0 && !policy.AllowedTeeKinds.Contains(kind))
        {
            refusals.Add(Finding.Error(NodeRefusals.TeeKindNotAllowed, $"The zone does not allow {WireNames.Of(kind)} nodes."));
        }

        if (verdict.Simulated && !options.AllowSimulated)
        {
            refusals.Add(Finding.Error(FindingCodes.PolicySimulatedNotAllowed, "Simulated TEEs are refused: start the manager with --allow-simulated to accept them."));
        }

        if (verdict.TcbStatus is { } status && !policy.AcceptedTcbStatuses.Contains(status))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyTcbStatusNotAccepted, $"TCB status {status} is not accepted by the zone ({string.Join(", ", policy.AcceptedTcbStatuses)})."));
        }

        if (IsDebug(verdict.Claims))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyDebugEnabled, "The platform evidence comes from a debug enclave, TD or VM."));
        }

        return new NodeAttestationResult(refusals.Count == 0, kind, verdict.TcbStatus, verdict.Simulated, Identifiers(verdict), refusals, verdict);
    }

    private AttestationVerdict Verify(IEvidenceVerifier verifier, ReadOnlyMemory<byte> evidence, DateTimeOffset now)
    {
        if (!options.AllowSimulated)
        {
            return verifier.Verify(evidence, new VerificationContext { Time = now, Collateral = _collateral.Value });
        }

        // The simulated platforms act as their own PCS/KDS; their roots are trusted because simulation is allowed.
        var builder = new CollateralSet.Builder();
        foreach (var certificate in _collateral.Value.Certificates)
        {
            builder.AddCertificate(certificate);
        }

        using var simulated = SimulatedTrust.Open(SimulatedPlatforms.Directory(options.SimulatedDirectory), now, builder);
        var collateral = Merge(_collateral.Value, builder.Build());
        return verifier.Verify(evidence, new VerificationContext { Time = now, Collateral = collateral, AllowSimulated = true, SimulatedRoots = simulated.Roots });
    }

    private static CollateralSet Merge(CollateralSet configured, CollateralSet simulated) => new(
        [.. configured.Certificates, .. simulated.Certificates.Except(configured.Certificates)],
        [.. configured.Crls, .. simulated.Crls],
        [.. configured.TcbInfos, .. simulated.TcbInfos],
        [.. configured.EnclaveIdentities, .. simulated.EnclaveIdentities],
        []);

    private static TeeKind? ToTeeKind(string format) => format switch
    {
        EvidenceFormats.SgxQuote => TeeKind.Sgx,
        EvidenceFormats.TdxQuote => TeeKind.Tdx,
        EvidenceFormats.SnpReport => TeeKind.SevSnp,
        EvidenceFormats.Nitro => TeeKind.Nitro,
        _ => null, // REPORTs, SIGSTRUCTs and IAS reports do not prove a platform remotely
    };

    private static byte[]? BoundData(IEvidenceClaims? claims) => claims switch
    {
        SgxClaims sgx => sgx.ReportData,
        TdxClaims tdx => tdx.ReportData,
        SnpClaims snp => snp.ReportData,
        NitroClaims nitro => nitro.UserData,
        _ => null,
    };

    private static bool IsDebug(IEvidenceClaims? claims) => claims switch
    {
        SgxClaims sgx => sgx.Debug,
        TdxClaims tdx => tdx.Debug,
        NitroClaims nitro => nitro.Debug,
        SnpClaims snp => snp.ToDictionary().TryGetValue("debug", out var debug) && debug is true,
        _ => false,
    };

    // Facts recorded on the node: what identifies the platform and its TCB, never secrets.
    private static Dictionary<string, string> Identifiers(AttestationVerdict verdict)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (verdict.Claims?.ToDictionary() is { } claims)
        {
            foreach (var name in new[] { "mrenclave", "mrsigner", "mrTd", "mrSeam", "measurement", "chipId", "moduleId", "cpuSvn", "teeTcbSvn" })
            {
                if (claims.TryGetValue(name, out var value) && value is string text)
                {
                    map[name] = text;
                }
            }
        }

        return map;
    }

    private static NodeAttestationResult Refused(IReadOnlyList<Finding> refusals) =>
        new(false, null, null, false, new Dictionary<string, string>(), refusals, null);
}

/// <summary>Refusal codes of node enrollment beyond the attestation library's.</summary>
public static class NodeRefusals
{
    public const string TeeKindNotAllowed = "PolicyTeeKindNotAllowed";
}

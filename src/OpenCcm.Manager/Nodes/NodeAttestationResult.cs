using OpenCcm.Attestation;
using OpenCcm.Core.Models;

namespace OpenCcm.Manager.Nodes;

/// <summary>What the manager concluded from a node's platform evidence: accepted with its facts, or refused with reasons.</summary>
public sealed record NodeAttestationResult(
    bool Accepted,
    TeeKind? TeeKind,
    string? TcbStatus,
    bool Simulated,
    IReadOnlyDictionary<string, string> PlatformIdentifiers,
    IReadOnlyList<Finding> Refusals,
    AttestationVerdict? Verdict);

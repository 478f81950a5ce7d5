using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Nitro;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// A simulated AWS Nitro Enclaves platform for machines without Nitro: it produces attestation documents in the
/// real format (untagged COSE_Sign1, ES384, payload as the NSM encodes it) signed by a fresh three-hour leaf per
/// document, issued by a persistent intermediate under a persistent simulated root. The cabundle is [root,
/// intermediate] as AWS orders it. <see cref="NitroAttestationVerifier"/> accepts such documents only when the
/// caller allows simulation and trusts <see cref="Root"/>, and then marks the verdict simulated. Thread-safe.
/// </summary>
public sealed class SimulatedNitroPlatform : IDisposable
{
    /// <summary>Nitro reports 16 PCRs of SHA-384 (nitro/A and nitro/C).</summary>
    public const int DefaultPcrCount = 16;

    private const int PcrLength = 48;

    private readonly SimulatedNitroState _state;
    private readonly Lock _signing = new();
    private readonly string _defaultModuleId;

    private SimulatedNitroPlatform(SimulatedNitroState state)
    {
        _state = state;
        // Like AWS: parent instance id (stable: derived from the root) and an enclave id (one per platform object).
        var instance = Convert.ToHexStringLower(SHA256.HashData(state.Root.RawDataMemory.Span))[..17];
        _defaultModuleId = $"i-{instance}-enc{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
    }

    /// <summary>The simulated root certificate (cabundle[0]); trust it through <see cref="VerificationContext.SimulatedRoots"/>.</summary>
    public X509Certificate2 Root => _state.Root;

    /// <summary>The simulated intermediate (cabundle[1]) that issues leaves.</summary>
    public X509Certificate2 Intermediate => _state.Intermediate;

    /// <summary>The persistent root and intermediate with their keys (tests issue their own leaves with it).</summary>
    internal SimulatedNitroState State => _state;

    /// <summary>The module id used when <see cref="CreateDocument"/> is given none.</summary>
    public string DefaultModuleId => _defaultModuleId;

    /// <summary>
    /// Opens the platform kept under <paramref name="directory"/> (in <c>nitro/</c>, beside other simulated platforms),
    /// creating it on first use: keys in a 0600 file; concurrent first uses by several processes agree on one platform.
    /// The public root is also written to <c>nitro/collateral/nitro-root.pem</c>.
    /// </summary>
    public static SimulatedNitroPlatform OpenOrCreate(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new SimulatedNitroPlatform(SimulatedNitroState.OpenOrCreate(directory));
    }

    /// <summary>
    /// Makes an attestation document. PCRs not given are 48 zero bytes for indexes 0..15, so by default the enclave
    /// looks like a debug enclave (PCR0–2 zero), as on AWS; give PCR0–2 to simulate a production one.
    /// </summary>
    /// <param name="pcrs">PCR index (0..31) → 32, 48 or 64 bytes.</param>
    /// <param name="userData">Up to 512 bytes, or null.</param>
    /// <param name="nonce">Up to 512 bytes, or null.</param>
    /// <param name="publicKey">1..1024 bytes, or null.</param>
    /// <param name="moduleId">The enclave's module id; <see cref="DefaultModuleId"/> when null.</param>
    /// <param name="time">The document's timestamp and the start of its leaf's validity; now when null.</param>
    public byte[] CreateDocument(
        IReadOnlyDictionary<int, byte[]>? pcrs = null,
        byte[]? userData = null,
        byte[]? nonce = null,
        byte[]? publicKey = null,
        string? moduleId = null,
        DateTimeOffset? time = null)
    {
        moduleId ??= _defaultModuleId;
        var timestamp = time ?? DateTimeOffset.UtcNow;
        var bank = SimulatedNitroInputs.PcrBank(pcrs, DefaultPcrCount, PcrLength);
        SimulatedNitroInputs.Check(moduleId, userData, nonce, publicKey, timestamp);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        X509Certificate2 leaf;
        lock (_signing)
        {
            leaf = SimulatedNitroPki.CreateLeaf(moduleId, _state.Intermediate, _state.IntermediateKey, leafKey, timestamp);
        }

        using (leaf)
        {
            var payload = SimulatedNitroPayloadWriter.Write(
                moduleId,
                (ulong)timestamp.ToUnixTimeMilliseconds(),
                bank,
                leaf.RawData,
                [_state.Root.RawData, _state.Intermediate.RawData],
                publicKey,
                userData,
                nonce);
            // CoseSigner puts exactly {1: -35} in the protected header for an ECDSA key with SHA-384.
            var signed = CoseSign1Message.SignEmbedded(payload, new CoseSigner(leafKey, HashAlgorithmName.SHA384));
            return SimulatedNitroInputs.Untag(signed);
        }
    }

    public void Dispose() => _state.Dispose();
}

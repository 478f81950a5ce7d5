using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Intel;

/// <summary>
/// A piece of Intel JSON collateral (TCB info or enclave identity) with the exact bytes its signature covers.
/// Signature checks are cached per signing certificate: collateral is parsed and verified once, then reused,
/// which is what makes warm verification fast (intel-qvl-behaviour.md).
/// </summary>
public sealed class SignedCollateral<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, bool> _signatureChecks = new(StringComparer.Ordinal);

    internal SignedCollateral(T value, byte[] signedBytes, byte[] signature, IReadOnlyList<X509Certificate2> issuerChain, string source)
    {
        Value = value;
        SignedBytes = signedBytes;
        Signature = signature;
        IssuerChain = issuerChain;
        Source = source;
        ContentHash = Convert.ToHexStringLower(SHA256.HashData(signedBytes));
    }

    public T Value { get; }

    /// <summary>The exact bytes the signature covers.</summary>
    public byte[] SignedBytes { get; }

    /// <summary>ECDSA P-256 r||s.</summary>
    public byte[] Signature { get; }

    /// <summary>Certificates that came with the collateral (e.g. Fortanix's ca_chain); untrusted until chained.</summary>
    public IReadOnlyList<X509Certificate2> IssuerChain { get; }

    /// <summary>Where it was loaded from, for messages.</summary>
    public string Source { get; }

    /// <summary>SHA-256 of the signed bytes; equal collateral loaded twice is kept once.</summary>
    public string ContentHash { get; }

    /// <summary>Checks the ECDSA P-256/SHA-256 signature with <paramref name="signer"/>'s key (cached).</summary>
    public bool IsSignedBy(X509Certificate2 signer) =>
        _signatureChecks.GetOrAdd(signer.Thumbprint, _ =>
        {
            using var key = signer.GetECDsaPublicKey();
            return key is not null && key.VerifyData(SignedBytes, Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        });
}

/// <summary>Parses Intel's signed JSON collateral in PCS or Fortanix shape.</summary>
public static class IntelCollateralParser
{
    public static SignedCollateral<TcbInfo>? TryParseTcbInfo(ReadOnlySpan<byte> json, string source)
    {
        var parts = SignedCollateralJson.TryRead(json, "tcbInfo", "raw_tcb_info");
        return parts is null ? null : new SignedCollateral<TcbInfo>(TcbInfo.Parse(parts.SignedBytes), parts.SignedBytes, parts.SignatureP1363, Chain(parts), source);
    }

    public static SignedCollateral<EnclaveIdentity>? TryParseEnclaveIdentity(ReadOnlySpan<byte> json, string source)
    {
        var parts = SignedCollateralJson.TryRead(json, "enclaveIdentity", "raw_enclave_identity");
        return parts is null ? null : new SignedCollateral<EnclaveIdentity>(EnclaveIdentity.Parse(parts.SignedBytes), parts.SignedBytes, parts.SignatureP1363, Chain(parts), source);
    }

    private static X509Certificate2[] Chain(SignedCollateralJson.Parts parts) =>
        parts.IssuerChainPem.SelectMany(pem => PemBundle.ReadCertificates(System.Text.Encoding.ASCII.GetBytes(pem), FindingCodes.CollateralInvalid)).ToArray();
}

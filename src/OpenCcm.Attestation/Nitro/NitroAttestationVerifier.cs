using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Nitro;

/// <summary>
/// Verifies the authenticity of AWS Nitro Enclaves attestation documents (evidence-formats.md §9; AWS
/// attestation_process.md §3): structure and field rules, the chain [certificate, cabundle[N], …, cabundle[0]] to the
/// pinned AWS Nitro root valid at <see cref="VerificationContext.Time"/>, and the ES384 COSE signature by the leaf.
/// PCRs, nonce, user data and freshness are judged by <see cref="NitroPolicyEvaluator"/>. Thread-safe; caches chains.
/// </summary>
public sealed class NitroAttestationVerifier : IEvidenceVerifier, IEvidenceParser
{
    private readonly ChainValidator _chains = new();

    public string Format => EvidenceFormats.Nitro;

    public bool LooksLike(ReadOnlySpan<byte> evidence) => NitroEnvelope.LooksLike(evidence);

    public object ParseUnverified(ReadOnlyMemory<byte> evidence) => NitroAttestationDocument.Parse(evidence);

    public AttestationVerdict Verify(ReadOnlyMemory<byte> evidence, VerificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        NitroAttestationDocument document;
        try
        {
            document = NitroAttestationDocument.Parse(evidence);
        }
        catch (EvidenceFormatException e)
        {
            return VerdictBuilder.Malformed(Format, e);
        }

        var verdict = new VerdictBuilder(Format) { Claims = NitroClaims.From(document) };
        var certificates = NitroCertificates.Load(document, verdict);
        var anchor = NitroRootTrust.Resolve(document.CaBundle[0], certificates?.CaBundle[0], context, verdict);
        if (document.IsDebug)
        {
            verdict.Warning(FindingCodes.NitroDebugEnclave, "PCR0, PCR1 and PCR2 are zero: the enclave runs in debug mode and its memory is not confidential.");
        }

        if (certificates is null)
        {
            // Without parsed certificates neither the chain nor the signature can be checked; the verdict stays unverified.
            return verdict.Build();
        }

        NitroCertificateProfile.CheckLeaf(certificates.Leaf, verdict);
        if (anchor is not null)
        {
            CheckChain(certificates, anchor, context.Time, verdict);
        }

        CheckSignature(document, certificates.Leaf, verdict);
        if (anchor is not null)
        {
            verdict.Complete();
        }

        return verdict.Build();
    }

    private void CheckChain(NitroCertificates certificates, X509Certificate2 anchor, DateTimeOffset time, VerdictBuilder verdict)
    {
        for (var i = 0; i < certificates.CaBundle.Count; i++)
        {
            NitroCertificateProfile.CheckAuthority(certificates.CaBundle[i], $"cabundle[{i}]", verdict);
        }

        var intermediates = certificates.CaBundle.Skip(1).ToArray();
        var result = _chains.Validate(certificates.Leaf, intermediates, [anchor], time);
        foreach (var finding in result.Findings)
        {
            verdict.Add(finding);
        }

        if (!result.IsValid)
        {
            return;
        }

        // X509Chain picks any path through the extras; AWS specifies this one exactly (§9 step 3).
        var expected = certificates.Issuers.Prepend(certificates.Leaf).ToArray();
        var inOrder = result.Path.Count == expected.Length
            && result.Path.Zip(expected).All(p => p.First.RawDataMemory.Span.SequenceEqual(p.Second.RawDataMemory.Span));
        if (!inOrder)
        {
            verdict.Error(FindingCodes.NitroCabundleOrderInvalid, "The certificate path is not [certificate, cabundle[N], …, cabundle[0]].");
        }
    }

    // VerifyEmbedded builds Sig_structure ["Signature1", protected, h'', payload] from exactly the received
    // protected header and payload bytes (RFC 8152 §4.4) and checks the 96-byte r||s with the leaf's key.
    private static void CheckSignature(NitroAttestationDocument document, X509Certificate2 leaf, VerdictBuilder verdict)
    {
        bool valid;
        try
        {
            using var key = leaf.GetECDsaPublicKey();
            valid = key is not null && document.Message.VerifyEmbedded(key);
        }
        catch (CryptographicException)
        {
            valid = false;
        }

        if (!valid)
        {
            verdict.Error(FindingCodes.SignatureInvalid, "The COSE_Sign1 signature does not verify with the leaf certificate's key.");
        }
    }
}

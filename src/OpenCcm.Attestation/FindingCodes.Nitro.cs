namespace OpenCcm.Attestation;

/// <summary>Finding codes of AWS Nitro Enclaves attestation documents (evidence-formats.md §9).</summary>
public static partial class FindingCodes
{
    // Format (EvidenceFormatException codes).

    /// <summary>The bytes are not a COSE_Sign1 message (RFC 8152 §4.2): bad CBOR, wrong shape, detached payload, trailing data.</summary>
    public const string NitroCoseInvalid = "NitroCoseInvalid";

    /// <summary>The protected header is not exactly <c>{1: -35}</c> (ES384), the only algorithm AWS uses.</summary>
    public const string NitroAlgorithmUnsupported = "NitroAlgorithmUnsupported";

    /// <summary>The payload is not the attestation document map: bad CBOR, unknown or mistyped key.</summary>
    public const string NitroPayloadInvalid = "NitroPayloadInvalid";

    /// <summary>A mandatory payload field (module_id, digest, timestamp, pcrs, certificate, cabundle) is absent.</summary>
    public const string NitroFieldMissing = "NitroFieldMissing";

    /// <summary>A payload field breaks its rule (empty module_id, PCR index or length, field size limits, zero timestamp).</summary>
    public const string NitroFieldInvalid = "NitroFieldInvalid";

    /// <summary>The digest field is not "SHA384".</summary>
    public const string NitroDigestUnsupported = "NitroDigestUnsupported";

    // Authenticity.

    /// <summary>The leaf certificate is not an ECDSA P-384 end-entity certificate signed with ecdsa-with-SHA384 for digital signatures.</summary>
    public const string NitroLeafCertificateInvalid = "NitroLeafCertificateInvalid";

    /// <summary>The verified chain is not [certificate, cabundle[N], …, cabundle[0]] as AWS specifies.</summary>
    public const string NitroCabundleOrderInvalid = "NitroCabundleOrderInvalid";

    /// <summary>PCR0, PCR1 and PCR2 are all zero: the enclave runs in debug mode (its memory is readable by the parent).</summary>
    public const string NitroDebugEnclave = "NitroDebugEnclave";

    // Policy.

    /// <summary>A PCR differs from the policy's expected value.</summary>
    public const string NitroPolicyPcrMismatch = "NitroPolicyPcrMismatch";

    /// <summary>The policy expects a PCR the document does not report.</summary>
    public const string NitroPolicyPcrMissing = "NitroPolicyPcrMissing";

    /// <summary>The nonce differs from the expected one (or is absent).</summary>
    public const string NitroPolicyNonceMismatch = "NitroPolicyNonceMismatch";

    /// <summary>The user data differ from the expected value (or are absent).</summary>
    public const string NitroPolicyUserDataMismatch = "NitroPolicyUserDataMismatch";

    /// <summary>The public key differs from the expected one (or is absent).</summary>
    public const string NitroPolicyPublicKeyMismatch = "NitroPolicyPublicKeyMismatch";

    /// <summary>The document's timestamp is older than the policy's maximum age.</summary>
    public const string NitroPolicyTimestampTooOld = "NitroPolicyTimestampTooOld";

    /// <summary>The document's timestamp lies further in the future than the allowed clock skew.</summary>
    public const string NitroPolicyTimestampInFuture = "NitroPolicyTimestampInFuture";
}

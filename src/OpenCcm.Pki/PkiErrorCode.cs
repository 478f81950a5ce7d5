namespace OpenCcm.Pki;

/// <summary>
/// Stable reasons a PKI operation refused its input. The names are part of the contract (the manager shows them
/// as problem-detail codes): add new ones, never rename.
/// </summary>
public enum PkiErrorCode
{
    /// <summary>The CSR is not a DER or PEM PKCS#10 request.</summary>
    CsrMalformed,

    /// <summary>The CSR parses but its self-signature does not verify with the key it carries.</summary>
    CsrSignatureInvalid,

    /// <summary>The CSR's key is not ECDSA P-256/P-384 or RSA of 2048 to 8192 bits.</summary>
    CsrKeyUnsupported,

    /// <summary>The CSR is signed with a weak or unknown algorithm (e.g. SHA-1), which the platform would still accept.</summary>
    CsrSignatureAlgorithmUnsupported,

    /// <summary>A subject common name or DNS name is not a valid name to put in a certificate.</summary>
    NameNotAllowed,

    /// <summary>An attested identity has invalid fields, or its extension does not decode.</summary>
    IdentityInvalid,

    /// <summary>A requested certificate or CRL lifetime is zero or negative.</summary>
    LifetimeInvalid,

    /// <summary>The issuing CA is not valid at the current time, so nothing it signs would verify.</summary>
    CaNotValid,

    /// <summary>CA certificates or private keys do not load, do not match, or do not form a zone CA.</summary>
    CaMaterialInvalid,

    /// <summary>An operation needs the root's private key, which this instance was loaded without.</summary>
    CaRootKeyUnavailable,

    /// <summary>A freshly signed certificate failed its own check (chain, names, identity); it was not released.</summary>
    IssuedCertificateInvalid,

    /// <summary>A revocation entry or CRL number is out of range.</summary>
    RevocationInvalid,

    /// <summary>A purpose label for sealing is empty or too long.</summary>
    SealPurposeInvalid,

    /// <summary>A sealed blob is truncated or of an unknown version.</summary>
    SealedBlobMalformed,

    /// <summary>A sealed blob was sealed under another master key.</summary>
    SealedBlobWrongKey,

    /// <summary>A sealed blob was altered, or was sealed for another purpose.</summary>
    SealedBlobAuthenticationFailed,

    /// <summary>The machine-local secret file is missing its expected size or is readable by other users.</summary>
    MachineSecretInvalid,

    /// <summary>The sealed master key file is truncated or of an unknown version.</summary>
    MasterKeyFileMalformed,

    /// <summary>The sealed master key file does not open with this machine secret and passphrase.</summary>
    MasterKeyUnsealFailed,

    /// <summary>The master key file was sealed with a passphrase and none was given, or the reverse.</summary>
    MasterKeyPassphraseMismatch,
}

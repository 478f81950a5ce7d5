namespace OpenCcm.Pki.Authority;

/// <summary>Key type of a zone CA (issue 4: ECDSA by default, RSA on request).</summary>
public enum CaKeyAlgorithm
{
    /// <summary>Root ECDSA P-384 (signs with SHA-384), issuing intermediate ECDSA P-256 (SHA-256).</summary>
    Ecdsa,

    /// <summary>Root and intermediate RSA-3072, PKCS#1 v1.5 with SHA-256 (what the Fortanix zone CA uses).</summary>
    Rsa,
}

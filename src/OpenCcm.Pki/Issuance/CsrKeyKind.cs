namespace OpenCcm.Pki.Issuance;

/// <summary>The key types a CSR may carry.</summary>
public enum CsrKeyKind
{
    EcdsaP256,
    EcdsaP384,

    /// <summary>RSA of 2048 to 8192 bits.</summary>
    Rsa,
}

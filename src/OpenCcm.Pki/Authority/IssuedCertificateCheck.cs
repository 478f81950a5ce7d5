namespace OpenCcm.Pki.Authority;

/// <summary>
/// What is proven about each freshly signed certificate, read back from its own DER, before it is released. Every mode
/// checks what the certificate asserts — key, serial, validity, subject, names, identity, end-entity, issuer name and
/// key identifier, validity inside the intermediate's — since a wrong assertion is what a relying party would act on.
/// </summary>
public enum IssuedCertificateCheck
{
    /// <summary>
    /// The contents only (≈ 25 µs). The signature is not re-verified: it was made by the platform over exactly the bytes
    /// checked, with the intermediate's key, and a bad one grants nothing — every relying party verifies it.
    /// </summary>
    Contents,

    /// <summary>
    /// The contents, and the signature verified under the intermediate certificate's public key (≈ 80 µs more for
    /// P-256): catches a faulty signature (e.g. a fault injected while signing) before anyone sees it.
    /// </summary>
    IssuerSignature,

    /// <summary>
    /// Both, and the platform decodes the certificate and builds its X509Chain to the zone root (custom trust,
    /// offline): its complete path validation, ≈ 1.5 ms more per certificate.
    /// </summary>
    FullChain,
}

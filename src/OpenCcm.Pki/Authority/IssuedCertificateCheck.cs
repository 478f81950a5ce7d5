namespace OpenCcm.Pki.Authority;

/// <summary>How each freshly signed certificate is proven to chain to the zone root before it is released.</summary>
public enum IssuedCertificateCheck
{
    /// <summary>
    /// The certificate's signature verifies under the intermediate certificate's public key, its issuer name and AKI
    /// are the intermediate's, and its validity lies inside the intermediate's; the intermediate's own chain to the
    /// root was validated with X509Chain when the CA was created or loaded. About 0.1 ms per certificate.
    /// </summary>
    IssuerSignature,

    /// <summary>
    /// A full X509Chain build to the zone root (custom trust, offline) for every certificate: the platform's complete
    /// path validation, at about 1.5 ms per certificate (it re-verifies the P-384 root signature each time).
    /// </summary>
    FullChain,
}

using System.Security.Cryptography;

namespace OpenCcm.Runtime.Certificates;

/// <summary>Creates the workload's key as the manifest's <c>keyType</c>/<c>keyParam</c> say (CONTRACTS-5.md).</summary>
public static class KeyFactory
{
    public static AsymmetricAlgorithm Create(CertificateSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (spec.KeyType.ToLowerInvariant())
        {
            case "rsa":
                var size = spec.KeySize ?? 2048;
                if (size is not (2048 or 3072 or 4096))
                {
                    throw new ArgumentException($"RSA keys are 2048, 3072 or 4096 bits, not {size}.", nameof(spec));
                }

                return RSA.Create(size);
            case "ec":
                var curve = (spec.Curve ?? "P-256").ToUpperInvariant() switch
                {
                    "P-256" or "P256" or "PRIME256V1" or "SECP256R1" => ECCurve.NamedCurves.nistP256,
                    "P-384" or "P384" or "SECP384R1" => ECCurve.NamedCurves.nistP384,
                    _ => throw new ArgumentException($"EC curve '{spec.Curve}' is not P-256 or P-384.", nameof(spec)),
                };
                return ECDsa.Create(curve);
            default:
                throw new ArgumentException($"keyType '{spec.KeyType}' is not rsa or ec.", nameof(spec));
        }
    }
}

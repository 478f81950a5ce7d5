using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace OpenCcm.AgentProtocol;

/// <summary>
/// Signs and verifies heartbeats (docs/node-agent.md): the workload certificate's key signs exactly the payload bytes
/// that are then base64-encoded — ECDSA with SHA-256 (DER signature, RFC 3279) or RSA PKCS#1 v1.5 with SHA-256.
/// </summary>
public static class HeartbeatSigning
{
    /// <summary>Serializes <paramref name="payload"/>, signs the bytes with <paramref name="key"/> and wraps them with the certificate PEM.</summary>
    public static HeartbeatEnvelope CreateEnvelope(HeartbeatPayload payload, AsymmetricAlgorithm key, string certificatePem)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, AgentProtocolJson.Default.HeartbeatPayload);
        return new HeartbeatEnvelope(Convert.ToBase64String(bytes), Convert.ToBase64String(Sign(bytes, key)), certificatePem);
    }

    public static byte[] Sign(ReadOnlySpan<byte> payload, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ecdsa => ecdsa.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
        RSA rsa => rsa.SignData(payload.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        null => throw new ArgumentNullException(nameof(key)),
        _ => throw new ArgumentException($"Only ECDSA and RSA keys sign heartbeats, not {key.GetType().Name}.", nameof(key)),
    };

    /// <summary>True when <paramref name="signature"/> verifies over exactly <paramref name="payload"/> with <paramref name="certificate"/>'s key.</summary>
    public static bool Verify(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            using var ecdsa = certificate.GetECDsaPublicKey();
            if (ecdsa is not null)
            {
                return ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }

            using var rsa = certificate.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

using System.Security.Cryptography;

namespace OpenCcm.Enclave.Measurement;

/// <summary>
/// The simulated platform's enclave measurement (CONTRACTS-5.md; docs/enclave-manifest.md "Measurement"):
/// <c>mrenclave = SHA-256("OpenCCM-ENCLAVE/1\0" || SHA-256(runtime executable) || SHA-256(manifest file))</c>.
/// The manifest's exact bytes are hashed, so its trusted-file hashes are covered. On real SGX the hardware measures.
/// </summary>
public static class EnclaveMeasurement
{
    public const int HashSize = 32;

    /// <summary>The domain separator, NUL included (18 bytes).</summary>
    public static ReadOnlySpan<byte> Domain => "OpenCCM-ENCLAVE/1\0"u8;

    /// <summary>MRENCLAVE from the two component hashes.</summary>
    public static byte[] MrEnclave(ReadOnlySpan<byte> runtimeSha256, ReadOnlySpan<byte> manifestSha256)
    {
        if (runtimeSha256.Length != HashSize || manifestSha256.Length != HashSize)
        {
            throw new ArgumentException("Both component hashes must be SHA-256 (32 bytes).");
        }

        Span<byte> input = stackalloc byte[Domain.Length + (2 * HashSize)];
        Domain.CopyTo(input);
        runtimeSha256.CopyTo(input[Domain.Length..]);
        manifestSha256.CopyTo(input[(Domain.Length + HashSize)..]);
        return SHA256.HashData(input);
    }

    /// <summary>Measures an enclave from the runtime executable's and the manifest file's bytes.</summary>
    public static EnclaveMeasurementResult Measure(ReadOnlySpan<byte> runtimeBytes, ReadOnlySpan<byte> manifestBytes) =>
        FromHashes(SHA256.HashData(runtimeBytes), SHA256.HashData(manifestBytes));

    /// <summary>Measures an enclave, streaming the runtime executable from <paramref name="runtimePath"/>.</summary>
    /// <exception cref="IOException">The runtime cannot be read.</exception>
    public static EnclaveMeasurementResult Measure(string runtimePath, ReadOnlySpan<byte> manifestBytes)
    {
        using var runtime = new FileStream(runtimePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return FromHashes(SHA256.HashData(runtime), SHA256.HashData(manifestBytes));
    }

    /// <summary>MRSIGNER as EINIT computes it: SHA-256 of the signer's modulus as SIGSTRUCT stores it (384 bytes, little-endian).</summary>
    public static byte[] MrSigner(RSA signingKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        var modulus = signingKey.ExportParameters(false).Modulus
            ?? throw new ArgumentException("The key has no modulus.", nameof(signingKey));
        var littleEndian = new byte[Math.Max(384, modulus.Length)];
        for (var i = 0; i < modulus.Length; i++)
        {
            littleEndian[i] = modulus[modulus.Length - 1 - i];
        }

        return SHA256.HashData(littleEndian);
    }

    private static EnclaveMeasurementResult FromHashes(byte[] runtimeSha256, byte[] manifestSha256) =>
        new(MrEnclave(runtimeSha256, manifestSha256), runtimeSha256, manifestSha256);
}

/// <summary>A measurement and the component hashes it was computed from.</summary>
public sealed record EnclaveMeasurementResult(byte[] MrEnclave, byte[] RuntimeSha256, byte[] ManifestSha256);

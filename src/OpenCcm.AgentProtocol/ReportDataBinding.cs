using System.Security.Cryptography;

namespace OpenCcm.AgentProtocol;

/// <summary>
/// The 64-byte report data that binds a key or a certificate to a REPORT (reference/fortanix-ccm.md §2.4 step 1, default
/// form): SHA-256 of the DER bytes (a SubjectPublicKeyInfo, or a certificate for the agent's <c>fqpe_report</c>)
/// followed by 32 zero bytes. (OpenCcm.Attestation's internal Providers.ReportDataBinding only pads and checks what a
/// device returned; it does not hash, so it is not reused here.)
/// </summary>
public static class ReportDataBinding
{
    public const int Size = 64;

    /// <summary>SHA-256(<paramref name="der"/>) || 0^32.</summary>
    public static byte[] For(ReadOnlySpan<byte> der)
    {
        var reportData = new byte[Size];
        SHA256.HashData(der, reportData);
        return reportData;
    }

    /// <summary>True when <paramref name="reportData"/> is exactly <see cref="For"/>(<paramref name="der"/>) (constant-time).</summary>
    public static bool Matches(ReadOnlySpan<byte> reportData, ReadOnlySpan<byte> der) =>
        reportData.Length == Size && CryptographicOperations.FixedTimeEquals(reportData, For(der));
}

using System.Security.Cryptography;
using OpenCcm.Attestation.Crypto;

namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// An SGX REPORT (432 bytes; Intel SDM Vol. 3D Table 38-21, evidence-formats.md §1.1): the 384-byte REPORT_BODY,
/// the KEYID the CPU used to derive the target enclave's report key, and the AES-128-CMAC of the body under that key.
/// A view over the received bytes.
/// </summary>
public sealed class SgxReport
{
    public const int Size = 432;
    public const int KeyIdOffset = 384;
    public const int KeyIdSize = 32;
    public const int MacOffset = 416;
    public const int MacSize = 16;

    /// <summary>A report key is an AES-128 key.</summary>
    public const int ReportKeySize = 16;

    private SgxReport(ReadOnlyMemory<byte> raw)
    {
        Raw = raw;
        Body = SgxReportBody.Parse(raw[..SgxReportBody.Size]);
    }

    /// <summary>The exact 432 bytes received.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>Bytes [0,384): what the MAC covers.</summary>
    public SgxReportBody Body { get; }

    /// <summary>Bytes [384,416): selects the report key; not covered by the MAC.</summary>
    public ReadOnlySpan<byte> KeyId => Raw.Span.Slice(KeyIdOffset, KeyIdSize);

    /// <summary>Bytes [416,432): AES-128-CMAC of the body under the target enclave's report key.</summary>
    public ReadOnlySpan<byte> Mac => Raw.Span.Slice(MacOffset, MacSize);

    /// <summary>Wraps exactly 432 bytes; throws <see cref="EvidenceFormatException"/> for any other length.</summary>
    public static SgxReport Parse(ReadOnlyMemory<byte> raw)
    {
        if (raw.Length > Size)
        {
            throw new EvidenceFormatException(
                FindingCodes.TrailingData, $"An SGX REPORT is {Size} bytes; {raw.Length - Size} bytes follow it.");
        }

        Bytes.RequireLength(raw.Span, Size, "SGX REPORT");
        return new SgxReport(raw);
    }

    /// <summary>Assembles a REPORT from its three parts (as EREPORT writes it).</summary>
    public static SgxReport Create(ReadOnlySpan<byte> body, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> mac)
    {
        RequireArgumentLength(body, SgxReportBody.Size, nameof(body));
        RequireArgumentLength(keyId, KeyIdSize, nameof(keyId));
        RequireArgumentLength(mac, MacSize, nameof(mac));
        var raw = new byte[Size];
        body.CopyTo(raw);
        keyId.CopyTo(raw.AsSpan(KeyIdOffset));
        mac.CopyTo(raw.AsSpan(MacOffset));
        return new SgxReport(raw);
    }

    /// <summary>Assembles a REPORT and MACs <paramref name="body"/> with <paramref name="reportKey"/> (the target's report key).</summary>
    public static SgxReport CreateWithMac(ReadOnlySpan<byte> body, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> reportKey)
    {
        RequireArgumentLength(body, SgxReportBody.Size, nameof(body));
        RequireArgumentLength(reportKey, ReportKeySize, nameof(reportKey));
        Span<byte> mac = stackalloc byte[MacSize];
        AesCmac.Compute(reportKey, body, mac);
        return Create(body, keyId, mac);
    }

    /// <summary>A copy of the 432 bytes.</summary>
    public byte[] ToBytes() => Raw.ToArray();

    /// <summary>
    /// Recomputes AES-128-CMAC over bytes [0,384) with <paramref name="reportKey"/> (what the target enclave gets from
    /// EGETKEY with KEYNAME=REPORT and this KEYID) and compares it with the MAC in constant time (§1.4 step 2).
    /// </summary>
    public bool VerifyMac(ReadOnlySpan<byte> reportKey)
    {
        RequireArgumentLength(reportKey, ReportKeySize, nameof(reportKey));
        Span<byte> expected = stackalloc byte[MacSize];
        AesCmac.Compute(reportKey, Raw.Span[..SgxReportBody.Size], expected);
        return CryptographicOperations.FixedTimeEquals(expected, Mac);
    }

    private static void RequireArgumentLength(ReadOnlySpan<byte> value, int length, string name)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"Must be {length} bytes, got {value.Length}.", name);
        }
    }
}

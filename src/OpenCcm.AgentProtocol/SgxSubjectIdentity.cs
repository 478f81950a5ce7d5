using System.Buffers.Binary;
using System.Security.Cryptography;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.AgentProtocol;

/// <summary>
/// The SGX identity a Fortanix attested CSR states in its subject (reference/fortanix-ccm.md §2.4 step 3): the REPORT_BODY
/// fields EREPORT wrote, each component a BIT STRING under <c>1.3.6.1.4.1.49690.1.1.{1..8}</c>. Integers are written
/// little-endian as in the REPORT_BODY (MISCSELECT u32, ISVPRODID and ISVSVN u16).
/// </summary>
public sealed record SgxSubjectIdentity(
    ReadOnlyMemory<byte> CpuSvn, uint MiscSelect, ReadOnlyMemory<byte> Attributes, ReadOnlyMemory<byte> MrEnclave, ReadOnlyMemory<byte> MrSigner,
    ushort IsvProdId, ushort IsvSvn, ReadOnlyMemory<byte> ReportData)
{
    /// <summary>The identity <paramref name="body"/> states.</summary>
    public static SgxSubjectIdentity FromReportBody(SgxReportBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new(body.CpuSvn.ToArray(), body.MiscSelect, body.Attributes.ToArray(), body.MrEnclave.ToArray(), body.MrSigner.ToArray(),
            body.IsvProdId, body.IsvSvn, body.ReportData.ToArray());
    }

    /// <summary>True when every component equals the one in <paramref name="body"/> (constant-time for the byte fields).</summary>
    public bool Matches(SgxReportBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return CryptographicOperations.FixedTimeEquals(CpuSvn.Span, body.CpuSvn)
            & MiscSelect == body.MiscSelect
            & CryptographicOperations.FixedTimeEquals(Attributes.Span, body.Attributes)
            & CryptographicOperations.FixedTimeEquals(MrEnclave.Span, body.MrEnclave)
            & CryptographicOperations.FixedTimeEquals(MrSigner.Span, body.MrSigner)
            & IsvProdId == body.IsvProdId
            & IsvSvn == body.IsvSvn
            & CryptographicOperations.FixedTimeEquals(ReportData.Span, body.ReportData);
    }

    /// <summary>
    /// Rebuilds the REPORT a CSR #1 describes (as sgx_pkix's <c>reconstruct_sgx_report</c>): the body from the components
    /// (fields the subject does not carry — ISVEXTPRODID, CONFIGID, CONFIGSVN, ISVFAMILYID — are zero), KEYID and MAC from
    /// the attestationInlineSgxLocal attribute. Its MAC verifies only if those absent fields were zero in the original.
    /// </summary>
    public SgxReport ToReport(ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> mac)
    {
        var body = new byte[SgxReportBody.Size];
        CpuSvn.Span.CopyTo(body);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(16), MiscSelect);
        Attributes.Span.CopyTo(body.AsSpan(48));
        MrEnclave.Span.CopyTo(body.AsSpan(64));
        MrSigner.Span.CopyTo(body.AsSpan(128));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(256), IsvProdId);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(258), IsvSvn);
        ReportData.Span.CopyTo(body.AsSpan(320));
        return SgxReport.Create(body, keyId, mac);
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Tests.Report;

/// <summary>REPORT_BODY bytes laid out by hand at the offsets of evidence-formats.md §1.1.</summary>
internal static class ReportSamples
{
    public static readonly byte[] MrEnclave = Convert.FromHexString("a4f45c39a4f45c39a4f45c39a4f45c39a4f45c39a4f45c39a4f45c39a4f45c39");

    public static readonly byte[] MrSigner = Convert.FromHexString("83d719e783d719e783d719e783d719e783d719e783d719e783d719e783d719e7");

    public static byte[] Body()
    {
        var body = new byte[SgxReportBody.Size];
        RandomNumberGenerator.Fill(body.AsSpan(0, 16));
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(48), 0x7);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(56), 0xe7);
        MrEnclave.CopyTo(body, 64);
        MrSigner.CopyTo(body, 128);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(256), 0x1234);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(258), 7);
        RandomNumberGenerator.Fill(body.AsSpan(320, 64));
        return body;
    }
}

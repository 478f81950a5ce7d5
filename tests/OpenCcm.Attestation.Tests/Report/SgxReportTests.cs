using System.Buffers.Binary;
using System.Security.Cryptography;
using OpenCcm.Attestation.Crypto;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Tests.Report;

public sealed class SgxReportTests
{
    [Fact]
    public void CreateAndParse_RoundTripEveryField()
    {
        var body = ReportSamples.Body();
        var keyId = RandomNumberGenerator.GetBytes(32);
        var mac = RandomNumberGenerator.GetBytes(16);

        var bytes = SgxReport.Create(body, keyId, mac).ToBytes();
        var report = SgxReport.Parse(bytes);

        Assert.Equal([.. body, .. keyId, .. mac], bytes);
        Assert.Equal(keyId, report.KeyId.ToArray());
        Assert.Equal(mac, report.Mac.ToArray());
        Assert.Equal(body, report.Body.Raw.ToArray());
        var claims = report.Body.ToClaims();
        Assert.Equal(ReportSamples.MrEnclave, claims.MrEnclave);
        Assert.Equal(ReportSamples.MrSigner, claims.MrSigner);
        Assert.Equal(0x1234, claims.IsvProdId);
        Assert.Equal(7, claims.IsvSvn);
        Assert.True(claims.Debug);
        Assert.Equal(body.AsSpan(320, 64).ToArray(), claims.ReportData);
    }

    [Fact]
    public void CreateWithMac_IsAesCmacOfTheBody()
    {
        var body = ReportSamples.Body();
        var key = RandomNumberGenerator.GetBytes(16);

        var report = SgxReport.CreateWithMac(body, new byte[32], key);

        Assert.Equal(AesCmac.Compute(key, body), report.Mac.ToArray());
        Assert.True(report.VerifyMac(key));
    }

    [Fact]
    public void VerifyMac_FailsAfterFlippingAnyMacedByte()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var original = SgxReport.CreateWithMac(ReportSamples.Body(), RandomNumberGenerator.GetBytes(32), key).ToBytes();
        var macedAndMac = Enumerable.Range(0, SgxReportBody.Size).Concat(Enumerable.Range(SgxReport.MacOffset, SgxReport.MacSize));
        foreach (var offset in macedAndMac)
        {
            var tampered = (byte[])original.Clone();
            tampered[offset] ^= 0x01;

            Assert.False(SgxReport.Parse(tampered).VerifyMac(key), $"flipped byte {offset}");
        }
    }

    [Fact]
    public void VerifyMac_IgnoresKeyIdBytes_WhichSelectTheKeyInstead()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var tampered = SgxReport.CreateWithMac(ReportSamples.Body(), new byte[32], key).ToBytes();
        tampered[SgxReport.KeyIdOffset] ^= 0x01;

        Assert.True(SgxReport.Parse(tampered).VerifyMac(key));
    }

    [Fact]
    public void VerifyMac_FailsWithAnotherKey()
    {
        var report = SgxReport.CreateWithMac(ReportSamples.Body(), new byte[32], RandomNumberGenerator.GetBytes(16));

        Assert.False(report.VerifyMac(RandomNumberGenerator.GetBytes(16)));
        Assert.Throws<ArgumentException>(() => report.VerifyMac(new byte[32]));
    }

    [Fact]
    public void Parse_EveryShorterLength_IsAFormatError()
    {
        var bytes = SgxReport.Create(ReportSamples.Body(), new byte[32], new byte[16]).ToBytes();
        for (var length = 0; length < SgxReport.Size; length++)
        {
            var error = Assert.Throws<EvidenceFormatException>(() => SgxReport.Parse(bytes.AsMemory(0, length)));
            Assert.Equal(FindingCodes.MalformedEvidence, error.Code);
        }
    }

    [Fact]
    public void Parse_ExtraBytes_AreTrailingData()
    {
        var bytes = new byte[SgxReport.Size + 1];

        var error = Assert.Throws<EvidenceFormatException>(() => SgxReport.Parse(bytes));

        Assert.Equal(FindingCodes.TrailingData, error.Code);
    }

    [Fact]
    public void TargetInfo_CreateAndParse_RoundTrip()
    {
        var attributes = Convert.FromHexString("0700000000000000e700000000000000");
        var configId = RandomNumberGenerator.GetBytes(64);

        var bytes = SgxTargetInfo.Create(ReportSamples.MrEnclave, attributes, 0x11223344, 9, configId).ToBytes();
        var info = SgxTargetInfo.Parse(bytes);

        Assert.Equal(SgxTargetInfo.Size, bytes.Length);
        Assert.Equal(ReportSamples.MrEnclave, bytes[..32]);
        Assert.Equal(attributes, bytes[32..48]);
        Assert.Equal(9, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(50)));
        Assert.Equal(0x11223344u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(52)));
        Assert.Equal(configId, bytes[64..128]);
        Assert.All(bytes[128..], b => Assert.Equal(0, b));
        Assert.Equal(ReportSamples.MrEnclave, info.Measurement.ToArray());
        Assert.Equal(attributes, info.Attributes.ToArray());
        Assert.Equal(0x11223344u, info.MiscSelect);
        Assert.Equal(9, info.ConfigSvn);
        Assert.Equal(configId, info.ConfigId.ToArray());
    }

    [Fact]
    public void TargetInfo_ForEnclave_TakesTheBodysIdentity()
    {
        var body = SgxReportBody.Parse(ReportSamples.Body());

        var info = SgxTargetInfo.ForEnclave(body);

        Assert.Equal(body.MrEnclave.ToArray(), info.Measurement.ToArray());
        Assert.Equal(body.Attributes.ToArray(), info.Attributes.ToArray());
        Assert.Equal(body.MiscSelect, info.MiscSelect);
    }

    [Fact]
    public void TargetInfo_WrongLengths_AreFormatErrors()
    {
        Assert.Throws<EvidenceFormatException>(() => SgxTargetInfo.Parse(new byte[511]));
        Assert.Throws<EvidenceFormatException>(() => SgxTargetInfo.Parse(new byte[513]));
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Sgx.Dcap;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Attestation.Tests.Simulation;

/// <summary>Simulated TDX quotes are laid out as Intel's and verify with the real TDX verifier when the simulated root is trusted.</summary>
public sealed class SimulatedTdxQuoteTests(SimulatedTdxPlatformFixture fixture) : IClassFixture<SimulatedTdxPlatformFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quote_WithSimulationAllowed_IsVerifiedUpToDateAndSimulated_WithTheClaimsThatWentIn(bool version5)
    {
        var td = SimulatedTdxPlatformFixture.Td();
        var reportData = RandomNumberGenerator.GetBytes(64);
        var quote = fixture.Platform.CreateQuote(td, reportData, version5);

        var verdict = fixture.Verify(quote);

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(TcbStatuses.UpToDate, verdict.TcbStatus);
        Assert.True(verdict.Simulated);
        Assert.True(verdict.Has(FindingCodes.SimulatedEvidence));
        Assert.Empty(verdict.Advisories);
        var claims = verdict.Claims!.ToDictionary();
        Assert.Equal(Hex(td.MrTd), claims["mrTd"]);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Hex(td.Rtmr(i)), claims[$"rtmr{i}"]);
        }

        Assert.Equal(Convert.ToHexStringLower(reportData), claims["reportData"]);
        Assert.Equal("0000001000000000", claims["tdAttributes"]);
        Assert.Equal(false, claims["debug"]);
        Assert.Equal("e742060000000000", claims["xfam"]);
        Assert.Equal(Hex(td.MrConfigId), claims["mrConfigId"]);
        Assert.Equal(Hex(td.MrOwner), claims["mrOwner"]);
        Assert.Equal(Hex(td.MrOwnerConfig), claims["mrOwnerConfig"]);
        Assert.Equal(Hex(fixture.Platform.MrSeam), claims["mrSeam"]);
        Assert.Equal(new string('0', 96), claims["mrSignerSeam"]);
        Assert.Equal(new string('0', 16), claims["seamAttributes"]);
        Assert.Equal("03010200000000000000000000000000", claims["teeTcbSvn"]);
        if (version5)
        {
            Assert.Equal("03010200000000000000000000000000", claims["teeTcbSvn2"]);
            Assert.Equal(Hex(td.MrServiceTd), claims["mrServiceTd"]);
        }
        else
        {
            Assert.False(claims.ContainsKey("teeTcbSvn2"));
        }
    }

    [Fact]
    public void Quote_ShortReportData_IsZeroPadded()
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), [1, 2, 3]);

        var verdict = fixture.Verify(quote);

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal("010203" + new string('0', 122), verdict.Claims!.ToDictionary()["reportData"]);
    }

    [Fact]
    public void Quote_OfADebugTd_IsAuthentic_AndSaysDebug()
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(debug: true), []);

        var verdict = fixture.Verify(quote);

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(true, verdict.Claims!.ToDictionary()["debug"]);
        Assert.Equal("0100001000000000", verdict.Claims!.ToDictionary()["tdAttributes"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quote_WithoutAllowingSimulation_IsSimulatedRootNotTrusted(bool version5)
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), [], version5);

        var verdict = fixture.Verifier.Verify(
            quote, new VerificationContext { Time = fixture.Now, Collateral = fixture.Collateral, SimulatedRoots = [fixture.Platform.RootCertificate] });

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SimulatedRootNotTrusted));
    }

    [Fact]
    public void Quote_WithoutCollateral_IsNotVerified()
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []);

        var verdict = fixture.Verifier.Verify(
            quote, new VerificationContext { Time = fixture.Now, AllowSimulated = true, SimulatedRoots = [fixture.Platform.RootCertificate] });

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.TcbInfoMissing));
        Assert.True(verdict.Has(FindingCodes.QeIdentityMissing));
    }

    [Fact]
    public void QuoteV4_HasIntelsLayout()
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []);
        var span = quote.AsSpan();

        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(span));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(span[2..]));
        Assert.Equal(0x81u, BinaryPrimitives.ReadUInt32LittleEndian(span[4..]));
        Assert.False(span[8..12].ContainsAnyExcept((byte)0));
        Assert.Equal(Convert.FromHexString("939a7233f79c4ca9940a0db3957f0607"), span.Slice(12, 16).ToArray());
        Assert.Equal((uint)(quote.Length - 636), BinaryPrimitives.ReadUInt32LittleEndian(span[632..]));
        Assert.Equal(6, BinaryPrimitives.ReadUInt16LittleEndian(span[764..]));
        Assert.Equal((uint)(quote.Length - 770), BinaryPrimitives.ReadUInt32LittleEndian(span[766..]));
        Assert.Equal(32, BinaryPrimitives.ReadUInt16LittleEndian(span[1218..]));
        Assert.Equal(5, BinaryPrimitives.ReadUInt16LittleEndian(span[1252..]));
        Assert.Equal((uint)(quote.Length - 1258), BinaryPrimitives.ReadUInt32LittleEndian(span[1254..]));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", System.Text.Encoding.ASCII.GetString(span[1258..]), StringComparison.Ordinal);
        AssertParsesAsTdQeQuote(quote, reportVersion15: false);
    }

    [Fact]
    public void QuoteV5_HasIntelsLayout_BodyType3()
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), [], version5: true);
        var span = quote.AsSpan();

        Assert.Equal(5, BinaryPrimitives.ReadUInt16LittleEndian(span));
        Assert.Equal(0x81u, BinaryPrimitives.ReadUInt32LittleEndian(span[4..]));
        Assert.False(span[8..12].ContainsAnyExcept((byte)0));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(span[48..]));
        Assert.Equal(648u, BinaryPrimitives.ReadUInt32LittleEndian(span[50..]));
        Assert.Equal((uint)(quote.Length - 706), BinaryPrimitives.ReadUInt32LittleEndian(span[702..]));
        Assert.Equal(6, BinaryPrimitives.ReadUInt16LittleEndian(span[834..]));
        Assert.Equal(32, BinaryPrimitives.ReadUInt16LittleEndian(span[(840 + 448)..]));
        AssertParsesAsTdQeQuote(quote, reportVersion15: true);
    }

    [Fact]
    public void CreateQuote_RejectsReportDataOver64Bytes()
    {
        Assert.Throws<ArgumentException>(() => fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), new byte[65]));
    }

    [Fact]
    public void SimulatedTd_RejectsMeasurementsOfTheWrongSize()
    {
        Assert.Throws<ArgumentException>(() => new SimulatedTd(new byte[32]));
        Assert.Throws<ArgumentException>(() => new SimulatedTd(new byte[48], rtmr2: new byte[47]));
        Assert.Equal(new byte[48], new SimulatedTd(new byte[48]).Rtmr(3).ToArray());
    }

    private void AssertParsesAsTdQeQuote(byte[] quote, bool reportVersion15)
    {
        var parsed = DcapQuote.Parse(quote);
        Assert.True(parsed.IsTdx);
        Assert.Equal(reportVersion15, parsed.TdReport!.IsVersion15);
        Assert.Equal(0, parsed.TrailingLength);
        Assert.Equal(fixture.Platform.AttestationPublicKey.ToArray(), parsed.AttestationKey.ToArray());
        Assert.Equal(CertificationDataType.PckCertificateChain, parsed.Certification.Type);
        Assert.Equal(new byte[32], parsed.Certification.AuthData.ToArray());
        Assert.Equal(2, parsed.Certification.QeReport.IsvProdId);
        Assert.Equal(fixture.Platform.TdQuotingEnclave.MrSigner.ToArray(), parsed.Certification.QeReport.MrSigner.ToArray());
        var binding = SHA256.HashData([.. parsed.AttestationKey.Span, .. parsed.Certification.AuthData.Span]);
        Assert.Equal([.. binding, .. new byte[32]], parsed.Certification.QeReport.ReportData.ToArray());
    }

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);
}

using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Tests.Simulation;

/// <summary>Tampering, truncation and expiry of simulated TDX quotes give the same specific findings as real ones.</summary>
public sealed class SimulatedTdxTamperTests(SimulatedTdxPlatformFixture fixture) : IClassFixture<SimulatedTdxPlatformFixture>
{
    // v4: header 0..48, TD report 48..632, signature 636, key 700, type 6 at 764, QE report 770..1154, its signature
    // 1154..1218, auth data 1220..1252. v5 (body type 3): TD report 54..702, the rest 70 bytes later (§2.4).
    public static TheoryData<bool, string, int, string> SignedRegions()
    {
        var data = new TheoryData<bool, string, int, string>();
        foreach (var version5 in new[] { false, true })
        {
            var body = version5 ? 54 : 48;
            var shift = version5 ? 70 : 0;
            data.Add(version5, "header reserved byte", 9, FindingCodes.QuoteSignatureInvalid);
            data.Add(version5, "header user data", 30, FindingCodes.QuoteSignatureInvalid);
            data.Add(version5, "TEE_TCB_SVN", body + 2, FindingCodes.QuoteSignatureInvalid);
            data.Add(version5, "MRTD", body + 136, FindingCodes.QuoteSignatureInvalid);
            data.Add(version5, "RTMR3", body + 328 + 144, FindingCodes.QuoteSignatureInvalid);
            data.Add(version5, "REPORTDATA last byte", body + 583, FindingCodes.QuoteSignatureInvalid);
            data.Add(version5, "quote signature", 650 + shift, FindingCodes.QuoteSignatureInvalid);
            data.Add(version5, "attestation key", 720 + shift, FindingCodes.AttestationKeyBindingMismatch);
            data.Add(version5, "QE report", 800 + shift, FindingCodes.QeReportSignatureInvalid);
            data.Add(version5, "QE report REPORTDATA", 770 + 320 + shift, FindingCodes.AttestationKeyBindingMismatch);
            data.Add(version5, "QE report signature", 1160 + shift, FindingCodes.QeReportSignatureInvalid);
            data.Add(version5, "QE auth data", 1230 + shift, FindingCodes.AttestationKeyBindingMismatch);
        }

        data.Add(true, "TEE_TCB_SVN2", 54 + 584, FindingCodes.QuoteSignatureInvalid);
        data.Add(true, "MRSERVICETD", 54 + 600, FindingCodes.QuoteSignatureInvalid);
        return data;
    }

    [Theory]
    [MemberData(nameof(SignedRegions))]
    public void FlippingAByteOfASignedRegion_GivesItsSpecificFinding(bool version5, string region, int offset, string code)
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), [], version5);
        quote[offset] ^= 0x01;

        var verdict = fixture.Verify(quote);

        Assert.False(verdict.Verified, region);
        Assert.Contains(verdict.Errors, f => f.Code == code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FlippingAnyByteBeforeThePemChain_IsNeverVerified_AndNeverThrows(bool version5)
    {
        var original = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), [], version5);
        var pemStart = version5 ? 1328 : 1258;
        for (var i = 0; i < pemStart; i++)
        {
            var quote = (byte[])original.Clone();
            quote[i] ^= 0x01;

            var verdict = fixture.Verify(quote);

            Assert.False(verdict.Verified, $"byte {i} flipped and still verified");
            Assert.NotEmpty(verdict.Errors);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatingAtEveryLength_GivesAFormatError(bool version5)
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), [], version5);
        for (var length = 0; length < quote.Length; length++)
        {
            var verdict = fixture.Verifier.Verify(quote.AsMemory(0, length), fixture.Allowing());

            Assert.True(verdict.Malformed, $"length {length}");
            Assert.False(verdict.Verified, $"length {length}");
        }
    }

    [Fact]
    public void TrailingBytes_AreReported_AndTheQuoteStillVerifies()
    {
        byte[] quote = [.. fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []), .. new byte[100]];

        var verdict = fixture.Verify(quote);

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.True(verdict.Has(FindingCodes.TrailingData));
    }

    [Fact]
    public void OneSecondAfterTheTdxTcbInfosNextUpdate_IsTcbInfoExpired()
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []);
        var nextUpdate = Assert.Single(fixture.Collateral.TcbInfos, t => t.Value.Id == "TDX").Value.NextUpdate;

        var atExpiry = fixture.Verifier.Verify(quote, fixture.Allowing(nextUpdate));
        var after = fixture.Verifier.Verify(quote, fixture.Allowing(nextUpdate.AddSeconds(1)));

        Assert.False(atExpiry.Has(FindingCodes.TcbInfoExpired));
        Assert.False(after.Verified);
        Assert.Contains(after.Errors, f => f.Code == FindingCodes.TcbInfoExpired);
        Assert.Contains(after.Errors, f => f.Code == FindingCodes.QeIdentityExpired);
    }

    [Fact]
    public void BeforeTheCollateralsIssueDate_IsTcbInfoNotYetValid()
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []);
        var issueDate = Assert.Single(fixture.Collateral.TcbInfos, t => t.Value.Id == "TDX").Value.IssueDate;

        var verdict = fixture.Verifier.Verify(quote, fixture.Allowing(issueDate.AddSeconds(-1)));

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TcbInfoNotYetValid);
    }

    [Fact]
    public void TdxCollateral_WithAnAlteredByte_IsTcbInfoSignatureInvalid()
    {
        var quote = fixture.Platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []);
        var files = fixture.Platform.CreateCollateral(fixture.Now).Files.ToDictionary();
        var text = System.Text.Encoding.ASCII.GetString(files["tdx_tcb_info.json"]);
        files["tdx_tcb_info.json"] = System.Text.Encoding.ASCII.GetBytes(text.Replace("\"tcbType\":0", "\"tcbType\":1", StringComparison.Ordinal));

        var verdict = fixture.Verifier.Verify(quote, With(files));

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TcbInfoSignatureInvalid);
    }

    private VerificationContext With(Dictionary<string, byte[]> files)
    {
        var builder = new CollateralSet.Builder();
        foreach (var (name, content) in files)
        {
            builder.Add(content, name);
        }

        return new VerificationContext
        {
            Time = fixture.Now,
            Collateral = builder.Build(),
            AllowSimulated = true,
            SimulatedRoots = [fixture.Platform.RootCertificate],
        };
    }
}

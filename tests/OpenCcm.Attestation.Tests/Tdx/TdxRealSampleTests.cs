using System.Text.Json;
using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Tests.Tdx;

public class TdxRealSampleTests
{
    [Fact]
    public void SampleA_IsAuthentic_OutOfDate_WithItsTrailingZerosReported()
    {
        var verdict = TdxSamples.VerifyA(TdxSamples.QuoteA);

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal("tdx-quote", verdict.Format);
        Assert.Equal(TcbStatuses.OutOfDate, verdict.TcbStatus);
        Assert.Contains("INTEL-SA-00960", verdict.Advisories);
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.TrailingData && f.Message.StartsWith("3065 ", StringComparison.Ordinal));
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.TcbStatus && f.Message.Contains("TDX module TDX_01 (SVN 4): UpToDate", StringComparison.Ordinal));
        AssertClaims(verdict, TestData.Path("tdx", TdxSamples.A, "expected.json"), e => e.GetProperty("quote").GetProperty("td"));
    }

    [Fact]
    public void SampleA_TrimmedToItsQuote_HasNoTrailingFinding()
    {
        var verdict = TdxSamples.VerifyA(TdxSamples.QuoteA.AsMemory(0, 4935));

        Assert.True(verdict.Verified);
        Assert.DoesNotContain(verdict.Findings, f => f.Code == FindingCodes.TrailingData);
    }

    [Fact]
    public void SampleA_WithTheEarlierCollateral_IsAuthenticAtItsTime()
    {
        var collateral = TdxSamples.Load(TestData.Path("tdx", TdxSamples.A, "collateral_2025-06"), TestData.Path("intel-roots"));

        var verdict = TdxSamples.Verifier.Verify(TdxSamples.QuoteA, new VerificationContext { Time = DateTimeOffset.Parse("2025-06-05T03:45:00Z"), Collateral = collateral });

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(TcbStatuses.OutOfDate, verdict.TcbStatus);
    }

    [Fact]
    public void SampleB_IsAuthentic_ButNoTcbLevelMatches()
    {
        var verdict = TdxSamples.Verifier.Verify(
            TestData.Bytes("tdx", TdxSamples.B, "quote.bin"),
            new VerificationContext { Time = TdxSamples.BTime, Collateral = TdxSamples.Load(TestData.Path("tdx", TdxSamples.B)) });

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(TcbStatuses.TcbNotSupported, verdict.TcbStatus);
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.TrailingData && f.Message.StartsWith("39 ", StringComparison.Ordinal));
        Assert.DoesNotContain(verdict.Findings, f => f.Code == FindingCodes.RevocationNotChecked);
        AssertClaims(verdict, TestData.Path("tdx", TdxSamples.B, "expected.json"), e => e.GetProperty("quote").GetProperty("td"));
    }

    [Theory]
    [InlineData("quote_alibaba_v5.bin", TcbStatuses.UpToDate)]
    [InlineData("quote_tdx_v5_b.bin", TcbStatuses.TcbNotSupported)]
    public void SampleE_QuoteV5_ReachesItsExpectedStatus(string file, string status)
    {
        var collateral = TdxSamples.Load(TestData.Path("tdx", TdxSamples.E), TestData.Path("intel-roots"));

        var verdict = TdxSamples.Verifier.Verify(TestData.Bytes("tdx", TdxSamples.E, file), new VerificationContext { Time = TdxSamples.ETime, Collateral = collateral });

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(status, verdict.TcbStatus);
        var claims = verdict.Claims!.ToDictionary();
        Assert.Equal("05010200000000000000000000000000", claims["teeTcbSvn2"]);
        AssertClaims(verdict, TestData.Path("tdx", TdxSamples.E, "expected.json"), e => e.GetProperty(file).GetProperty("quote").GetProperty("td"));
    }

    [Fact]
    public void AnSgxVerifier_RefusesATdxQuote_AndTheOtherWayRound()
    {
        var sgx = new Sgx.Dcap.DcapQuoteVerifier().Verify(TdxSamples.QuoteA, new VerificationContext { Time = TdxSamples.ATime });
        var tdx = TdxSamples.Verifier.Verify(Dcap.DcapSamples.QuoteA, new VerificationContext { Time = TdxSamples.ATime });

        Assert.Equal(FindingCodes.UnsupportedTeeType, Assert.Single(sgx.Errors).Code);
        Assert.Equal(FindingCodes.UnsupportedTeeType, Assert.Single(tdx.Errors).Code);
        Assert.False(new Sgx.Dcap.DcapQuoteVerifier().LooksLike(TdxSamples.QuoteA));
        Assert.True(TdxSamples.Verifier.LooksLike(TdxSamples.QuoteA));
    }

    private static void AssertClaims(AttestationVerdict verdict, string expectedFile, Func<JsonElement, JsonElement> select)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(expectedFile));
        var td = select(document.RootElement);
        var claims = verdict.Claims!.ToDictionary();
        Assert.Equal(td.GetProperty("mrtd").GetString(), claims["mrTd"]);
        Assert.Equal(td.GetProperty("mrseam").GetString(), claims["mrSeam"]);
        Assert.Equal(td.GetProperty("reportdata").GetString(), claims["reportData"]);
        Assert.Equal(td.GetProperty("td_attributes").GetString(), claims["tdAttributes"]);
        Assert.Equal(td.GetProperty("tee_tcb_svn").GetString(), claims["teeTcbSvn"]);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(td.GetProperty($"rtmr{i}").GetString(), claims[$"rtmr{i}"]);
        }
    }
}

using System.Text.Json;

namespace OpenCcm.Cli.Tests;

/// <summary><c>ccm evidence verify</c> as DESIGN.md §4 specifies it: exit codes, JSON shape, claim names.</summary>
public class EvidenceVerifyTests
{
    private static readonly string SampleA = TestData.Path("sgx-dcap", "A_automata_00606a000000_2025-08");
    private static readonly string QuoteA = Path.Combine(SampleA, "quote.bin");
    private static readonly string[] CollateralA = ["--collateral", SampleA, "--collateral", TestData.Path("intel-roots")];

    [Fact]
    public void RealQuote_Json_IsAuthentic_WithTheDesignShape()
    {
        var (code, json) = Ccm.RunJson(["evidence", "verify", QuoteA, .. CollateralA, "--at", "2025-08-15T05:45:00Z", "--json"]);

        Assert.Equal(0, code);
        Assert.Equal("sgx-quote", json.GetProperty("format").GetString());
        Assert.True(json.GetProperty("verified").GetBoolean());
        Assert.Equal("SWHardeningNeeded", json.GetProperty("tcbStatus").GetString());
        Assert.Equal(0, json.GetProperty("errors").GetArrayLength());
        var claims = json.GetProperty("claims");
        foreach (var name in new[] { "mrenclave", "mrsigner", "isvProdId", "isvSvn", "reportData", "debug", "cpuSvn", "attributes", "miscSelect" })
        {
            Assert.True(claims.TryGetProperty(name, out _), name);
        }

        Assert.Equal("a4f45c39dac622cb1dd32ddb35a52ec92db41d0fa88a1c911c49e59c534f61cd", claims.GetProperty("mrenclave").GetString());
        Assert.Equal(JsonValueKind.Number, claims.GetProperty("isvSvn").ValueKind);
        Assert.Equal(JsonValueKind.False, claims.GetProperty("debug").ValueKind);
    }

    [Fact]
    public void ExpiredCollateral_ExitsOne_WithCodedErrors()
    {
        var (code, json) = Ccm.RunJson(["evidence", "verify", QuoteA, .. CollateralA, "--at", "2025-09-14T05:08:19Z", "--json"]);

        Assert.Equal(1, code);
        Assert.False(json.GetProperty("verified").GetBoolean());
        var codes = json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToArray();
        Assert.Contains("TcbInfoExpired", codes);
        Assert.All(json.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
    }

    [Fact]
    public void TruncatedQuote_ExitsThree()
    {
        var truncated = Path.Combine(Path.GetTempPath(), $"ccm-truncated-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(truncated, File.ReadAllBytes(QuoteA)[..1000]);
        try
        {
            var (code, json) = Ccm.RunJson(["evidence", "verify", truncated, "--format", "sgx-quote", "--json"]);

            Assert.Equal(3, code);
            Assert.Equal("MalformedEvidence", json.GetProperty("errors")[0].GetProperty("code").GetString());
        }
        finally
        {
            File.Delete(truncated);
        }
    }

    [Fact]
    public void UnrecognisedBytes_ExitThree()
    {
        var (code, json) = Ccm.RunJson(["evidence", "verify", TestData.Path("README.md"), "--json"]);

        Assert.Equal(3, code);
        Assert.Equal("UnsupportedFormat", json.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("--at", "yesterday")]
    [InlineData("--format", "not-a-format")]
    [InlineData("--collateral", "/nonexistent/collateral")]
    public void UsageErrors_ExitTwo(string option, string value)
    {
        var (code, _, error) = Ccm.Run("evidence", "verify", QuoteA, option, value);

        Assert.Equal(2, code);
        Assert.StartsWith("ccm: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_ExitsTwo()
    {
        var (code, _, error) = Ccm.Run("evidence", "verify", "/nonexistent/quote.bin");

        Assert.Equal(2, code);
        Assert.Contains("Cannot read evidence", error, StringComparison.Ordinal);
    }

    [Fact]
    public void HumanOutput_ShowsVerdictClaimsAndFindings()
    {
        var (code, output, _) = Ccm.Run(["evidence", "verify", QuoteA, .. CollateralA, "--at", "2025-08-15T05:45:00Z"]);

        Assert.Equal(0, code);
        Assert.StartsWith("AUTHENTIC sgx-quote", output, StringComparison.Ordinal);
        Assert.Contains("TCB status: SWHardeningNeeded (INTEL-SA-00615)", output, StringComparison.Ordinal);
        Assert.Contains("a4f45c39dac622cb1dd32ddb35a52ec92db41d0fa88a1c911c49e59c534f61cd", output, StringComparison.Ordinal);
        Assert.Contains("QeTcbStatus", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_PrintsTheParsedStructure()
    {
        var (code, json) = Ccm.RunJson("evidence", "inspect", QuoteA);

        Assert.Equal(0, code);
        var structure = json.GetProperty("structure");
        Assert.Equal(3, structure.GetProperty("header").GetProperty("version").GetInt32());
        Assert.Equal("00606a000000", structure.GetProperty("pckExtensions").GetProperty("fmspc").GetString());
        Assert.Equal(3, structure.GetProperty("certificates").GetArrayLength());
        Assert.Equal(9, structure.GetProperty("qeReport").GetProperty("isvSvn").GetInt32());
    }
}

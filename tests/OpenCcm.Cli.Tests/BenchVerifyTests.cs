namespace OpenCcm.Cli.Tests;

/// <summary><c>ccm bench verify</c> prints figures; the test checks their shape, not their speed.</summary>
public class BenchVerifyTests
{
    [Fact]
    public void SgxQuote_PrintsOpsPerSecondAndTheCryptoBaseline()
    {
        Environment.SetEnvironmentVariable("CCM_TESTDATA", TestData.EvidenceRoot);

        var (code, json) = Ccm.RunJson("bench", "verify", "--format", "sgx-quote", "--seconds", "0.3", "--json");

        Assert.Equal(0, code);
        Assert.True(json.GetProperty("opsPerSecond").GetDouble() > 0);
        Assert.True(json.GetProperty("parseOpsPerSecond").GetDouble() > 0);
        Assert.True(json.GetProperty("ecdsaP256VerifyPerSecond").GetDouble() > 0);
        Assert.Equal(2, json.GetProperty("signatureVerificationsPerOp").GetProperty("ecdsaP256").GetInt32());
        Assert.Equal(0, json.GetProperty("errors").GetInt32());
    }
}

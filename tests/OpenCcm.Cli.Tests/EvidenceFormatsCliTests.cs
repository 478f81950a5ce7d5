namespace OpenCcm.Cli.Tests;

/// <summary>The other SGX formats through the CLI: SIGSTRUCT and IAS reports given as IAS serves them.</summary>
public class EvidenceFormatsCliTests
{
    private static readonly string Ias = TestData.Path("sgx-epid-ias", "A_oasis_avr_v4_v5");

    [Fact]
    public void Sigstruct_IsDetected_AndVerified()
    {
        var (code, json) = Ccm.RunJson("evidence", "verify", TestData.Path("sgx-sigstruct", "A_sig1_testkey", "sig1.sigstruct.bin"), "--json");

        Assert.Equal(0, code);
        Assert.Equal("sigstruct", json.GetProperty("format").GetString());
        Assert.Equal("83d719e77deaca1470f6baf62a4d774303c899db69020f9c70ee1dfc08c7ce9e", json.GetProperty("claims").GetProperty("mrsigner").GetString());
    }

    [Theory]
    [InlineData("avr_v4_body.json", "92143ea742e1628677b5a8e280173b7264470bfb0611d520c2474aab9846168e")]
    [InlineData("avr_v5_body.json", "d40c35b716c9ef1715d26100bb5e152d5045543017dacfcb492697028985cb7c")]
    public void IasBody_WithItsSigFile_AndUrlEncodedChain_IsAuthentic(string body, string mrenclave)
    {
        var (code, json) = Ccm.RunJson(
            "evidence", "verify", Path.Combine(Ias, body), "--cert-chain", Path.Combine(Ias, "avr_certificates_urlencoded.pem"),
            "--at", "2023-10-01T00:00:00Z", "--json");

        Assert.Equal(0, code);
        Assert.Equal("ias-report", json.GetProperty("format").GetString());
        Assert.Equal("SWHardeningNeeded", json.GetProperty("tcbStatus").GetString());
        Assert.Equal(mrenclave, json.GetProperty("claims").GetProperty("mrenclave").GetString());
    }

    [Fact]
    public void IasBody_AfterTheSigningCertificateExpired_IsNotAuthentic()
    {
        var (code, json) = Ccm.RunJson(
            "evidence", "verify", Path.Combine(Ias, "avr_v5_body.json"), "--cert-chain", Path.Combine(Ias, "avr_certificates.pem"),
            "--at", "2026-11-20T09:36:59Z", "--json");

        Assert.Equal(1, code);
        Assert.Contains(json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "CertificateExpired");
    }

    [Fact]
    public void IasBody_WithoutASignature_IsAUsageError()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"ccm-ias-{Guid.NewGuid():N}.json");
        File.Copy(Path.Combine(Ias, "avr_v5_body.json"), copy);
        try
        {
            var (code, _, error) = Ccm.Run("evidence", "verify", copy, "--format", "ias-report");

            Assert.Equal(2, code);
            Assert.Contains("needs its signature", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}

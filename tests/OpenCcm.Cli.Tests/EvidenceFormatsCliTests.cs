using System.Text.Json;

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

/// <summary>TDX, SEV-SNP and Nitro real samples through the CLI, detected by content.</summary>
public class OtherTeeCliTests
{
    [Theory]
    [InlineData("tdx-quote", "2025-10-24T07:10:18Z", "OutOfDate", "tdx", "A_automata_gcp_00806f050000_2025-10", "quote.bin")]
    [InlineData("snp-report", "2022-09-24T01:00:00Z", null, "sev-snp", "A_gosevguest_milan_vcek", "report.bin")]
    [InlineData("nitro", "2021-09-09T10:20:00Z", null, "nitro", "A_fortanix_2021_debug", "attestation_doc.cbor")]
    public void RealSample_IsDetected_AndAuthentic(string format, string at, string? tcbStatus, string kind, string sample, string file)
    {
        var directory = TestData.Path(kind, sample);
        string[] collateral = kind == "tdx" ? ["--collateral", directory, "--collateral", TestData.Path("intel-roots")] : ["--collateral", directory];

        var (code, json) = Ccm.RunJson(["evidence", "verify", Path.Combine(directory, file), .. collateral, "--at", at, "--json"]);

        Assert.Equal(0, code);
        Assert.Equal(format, json.GetProperty("format").GetString());
        Assert.Equal(tcbStatus, json.GetProperty("tcbStatus").GetString());
    }

    [Fact]
    public void TdxClaims_UseTheDesignNames()
    {
        var directory = TestData.Path("tdx", "A_automata_gcp_00806f050000_2025-10");

        var (_, json) = Ccm.RunJson("evidence", "verify", Path.Combine(directory, "quote.bin"), "--at", "2025-10-24T07:10:18Z", "--json");

        var claims = json.GetProperty("claims");
        foreach (var name in new[] { "mrTd", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "mrSeam", "reportData", "tdAttributes" })
        {
            Assert.True(claims.TryGetProperty(name, out _), name);
        }
    }

    [Fact]
    public void SnpAndNitroClaims_UseTheDesignNames()
    {
        var snp = Ccm.RunJson("evidence", "verify", TestData.Path("sev-snp", "A_gosevguest_milan_vcek", "report.bin"), "--json").Json.GetProperty("claims");
        foreach (var name in new[] { "measurement", "hostData", "reportData", "chipId", "policy", "vmpl", "reportedTcb" })
        {
            Assert.True(snp.TryGetProperty(name, out _), name);
        }

        var nitro = Ccm.RunJson("evidence", "verify", TestData.Path("nitro", "C_eternis_2024_debug", "attestation_doc.cbor"), "--json").Json.GetProperty("claims");
        foreach (var name in new[] { "moduleId", "pcrs", "nonce", "timestamp" })
        {
            Assert.True(nitro.TryGetProperty(name, out _), name);
        }

        Assert.Equal(JsonValueKind.Object, nitro.GetProperty("pcrs").ValueKind);
        Assert.True(nitro.GetProperty("pcrs").TryGetProperty("0", out _));
    }

    [Fact]
    public void NitroNegative_ExitsOne_WithItsCode()
    {
        var (code, json) = Ccm.RunJson(
            "evidence", "verify", TestData.Path("nitro", "A_fortanix_2021_debug", "neg_tampered_signature.cbor"), "--at", "2021-09-09T10:20:00Z", "--json");

        Assert.Equal(1, code);
        Assert.Equal("SignatureInvalid", json.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("tdx-quote")]
    [InlineData("snp-report")]
    [InlineData("nitro")]
    public void SimulatedEvidence_OfEachKind_IsTrustedOnlyWithAllowSimulated(string format)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ccm-sim-{Guid.NewGuid():N}");
        try
        {
            var file = Path.Combine(directory, "evidence.bin");
            Assert.Equal(0, Ccm.Run("evidence", "simulate", "--format", format, "--out", file, "--simulated-dir", directory, "--report-data", "0102").ExitCode);

            Assert.Equal(1, Ccm.Run("evidence", "verify", file, "--simulated-dir", directory).ExitCode);
            var (code, json) = Ccm.RunJson("evidence", "verify", file, "--allow-simulated", "--simulated-dir", directory, "--json");
            Assert.Equal(0, code);
            Assert.True(json.GetProperty("simulated").GetBoolean());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

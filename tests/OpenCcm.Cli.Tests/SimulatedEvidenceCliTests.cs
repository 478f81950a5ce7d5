namespace OpenCcm.Cli.Tests;

/// <summary>The simulated SGX platform through the CLI: trusted only with --allow-simulated, and marked simulated.</summary>
public sealed class SimulatedEvidenceCliTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-sim-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SimulatedQuote_IsAuthenticOnlyWithAllowSimulated()
    {
        var quote = Path.Combine(_directory, "quote.bin");
        var (made, _, error) = Ccm.Run("evidence", "simulate", "--out", quote, "--simulated-dir", _directory, "--report-data", "abcd", "--isvsvn", "3");
        Assert.True(made == 0, error);

        var (refused, refusedJson) = Ccm.RunJson("evidence", "verify", quote, "--simulated-dir", _directory, "--json");
        Assert.Equal(1, refused);
        Assert.Contains(refusedJson.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "SimulatedRootNotTrusted");

        var (code, json) = Ccm.RunJson("evidence", "verify", quote, "--allow-simulated", "--simulated-dir", _directory, "--json");
        Assert.Equal(0, code);
        Assert.True(json.GetProperty("simulated").GetBoolean());
        Assert.Equal("UpToDate", json.GetProperty("tcbStatus").GetString());
        Assert.Equal(3, json.GetProperty("claims").GetProperty("isvSvn").GetInt32());
        Assert.StartsWith("abcd0000", json.GetProperty("claims").GetProperty("reportData").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SimulatedReport_VerifiesItsMac_OnlyOnItsPlatform()
    {
        var report = Path.Combine(_directory, "report.bin");
        Assert.Equal(0, Ccm.Run("evidence", "simulate", "--format", "sgx-report", "--out", report, "--simulated-dir", _directory).ExitCode);

        var (notVerifiable, json) = Ccm.RunJson("evidence", "verify", report, "--json");
        Assert.Equal(1, notVerifiable);
        Assert.Equal("sgx-report", json.GetProperty("format").GetString());
        Assert.Equal("ReportMacNotVerifiable", json.GetProperty("errors")[0].GetProperty("code").GetString());

        Assert.Equal(0, Ccm.Run("evidence", "verify", report, "--allow-simulated", "--simulated-dir", _directory).ExitCode);

        var bytes = File.ReadAllBytes(report);
        bytes[100] ^= 1;
        File.WriteAllBytes(report, bytes);
        var (forged, forgedJson) = Ccm.RunJson("evidence", "verify", report, "--allow-simulated", "--simulated-dir", _directory, "--json");
        Assert.Equal(1, forged);
        Assert.Equal("ReportMacInvalid", forgedJson.GetProperty("errors")[0].GetProperty("code").GetString());
    }
}

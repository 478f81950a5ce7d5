using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Providers;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Attestation.Snp;
using OpenCcm.Attestation.Tests.Snp;

namespace OpenCcm.Attestation.Tests.Providers;

/// <summary>
/// ConfigfsTsmProvider against <see cref="FakeTsmKernel"/>: the provider's file operations run unchanged on a temporary
/// directory while the fake does the kernel's side of each one.
/// </summary>
public sealed class ConfigfsTsmProviderTests(SimulatedSnpFixture snp) : IClassFixture<SimulatedSnpFixture>, IDisposable
{
    /// <summary>REPORTDATA of a v4 TDX quote: header (48) + TD report body offset 520 (evidence-formats.md §2.3, §2.5).</summary>
    private const int TdxReportDataOffset = 48 + 520;

    private static readonly byte[] TdxSample = TestData.Bytes("tdx", "A_automata_gcp_00806f050000_2025-10", "quote.bin");
    private static readonly byte[] Measurement = SHA384.HashData("workload"u8);

    private readonly string _root = Directory.CreateTempSubdirectory("ccm-tsm-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Tdx_quote_is_read_from_a_fresh_entry_in_the_kernel_abi_order_and_the_entry_is_removed()
    {
        var kernel = TdxKernel();
        var reportData = SHA256.HashData("csr public key"u8);

        var evidence = await Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(reportData);

        Assert.Equal(
            ["mkdir", "read provider", "read generation", "write inblob", "read outblob", "read generation", "rmdir"],
            kernel.Log);
        byte[] padded = [.. reportData, .. new byte[32]];
        Assert.Equal(padded, Assert.Single(kernel.WrittenInblobs));
        Assert.Equal(EvidenceFormats.TdxQuote, evidence.Format);
        Assert.Equal(PatchTdx(padded), evidence.Evidence.ToArray());
        Assert.True(evidence.AuxiliaryData.IsEmpty);
        Assert.Null(evidence.SnpCertificates);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
        Assert.StartsWith("openccm-", Path.GetFileName(Assert.Single(kernel.Entries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snp_report_and_its_certificate_table_verify_with_the_table_as_the_only_collateral()
    {
        var platform = snp.Platform();
        var kernel = SnpKernel(platform);
        var reportData = SHA512.HashData("csr public key and nonce"u8);

        var evidence = await Provider(EvidenceFormats.SnpReport, kernel).GetEvidenceAsync(reportData);

        Assert.Equal(
            ["mkdir", "read provider", "read generation", "write inblob", "read outblob", "read auxblob", "read generation", "rmdir"],
            kernel.Log);
        var table = Assert.IsType<SnpCertificateTable>(evidence.SnpCertificates);
        Assert.Equal([SnpCertificateKind.Vcek, SnpCertificateKind.Ask, SnpCertificateKind.Ark], table.Entries.Select(e => e.Kind));
        Assert.Equal(platform.VcekCertificate.RawData, table.Find(SnpCertificateKind.Vcek)!.Data.ToArray());
        Assert.Equal(evidence.AuxiliaryData.ToArray(), table.Raw.ToArray());

        var collateral = table.AddTo(new CollateralSet.Builder()).Build();
        var verdict = new SnpReportVerifier().Verify(
            evidence.Evidence, new VerificationContext { Time = DateTimeOffset.UtcNow, Collateral = collateral, AllowSimulated = true });
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Equal(reportData, Assert.IsType<SnpClaims>(verdict.Claims).ReportData);
    }

    [Fact]
    public async Task A_real_snp_report_with_its_real_vcek_chain_passes_through_unchanged_and_verifies_at_its_pinned_time()
    {
        var folder = Path.Combine("sev-snp", "A_gosevguest_milan_vcek");
        var report = TestData.Bytes(folder, "report.bin");
        var chain = X509CertificateLoader.LoadCertificate(TestData.Bytes(folder, "vcek.der"));
        var askArk = new X509Certificate2Collection();
        askArk.ImportFromPemFile(TestData.Path(folder, "ask_ark_milan.pem"));
        var auxblob = SnpCertificateTable.Encode(
        [
            new(SnpCertificateTable.VcekGuid, chain.RawData),
            new(SnpCertificateTable.AskGuid, askArk.Single(c => c.Subject.Contains("SEV-Milan", StringComparison.Ordinal)).RawData),
            new(SnpCertificateTable.ArkGuid, askArk.Single(c => c.Subject.Contains("ARK-Milan", StringComparison.Ordinal)).RawData),
        ]);
        var kernel = new FakeTsmKernel("sev_guest", _ => report, _ => auxblob);

        var evidence = await Provider(EvidenceFormats.SnpReport, kernel).GetEvidenceAsync(report.AsMemory(0x50, 64));

        Assert.Equal(report, evidence.Evidence.ToArray());
        var context = new VerificationContext
        {
            Time = DateTimeOffset.Parse("2022-09-24T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Collateral = evidence.SnpCertificates!.AddTo(new CollateralSet.Builder()).Build(),
        };
        var verdict = new SnpReportVerifier().Verify(evidence.Evidence, context);
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.False(verdict.Simulated);
    }

    [Fact]
    public async Task A_privilege_level_is_written_before_inblob_and_counted_in_the_generation_check()
    {
        var kernel = SnpKernel(snp.Platform());
        var provider = Provider(EvidenceFormats.SnpReport, kernel, new ConfigfsTsmOptions { PrivilegeLevel = 2 });

        await provider.GetEvidenceAsync(new byte[64]);

        Assert.Equal(["2"], kernel.WrittenPrivilegeLevels);
        Assert.Equal(
            ["mkdir", "read provider", "read generation", "write privlevel", "write inblob", "read outblob", "read auxblob", "read generation", "rmdir"],
            kernel.Log);
    }

    [Fact]
    public async Task A_privilege_level_for_a_provider_without_privlevel_is_refused_and_the_entry_removed()
    {
        var kernel = TdxKernel();
        var provider = Provider(EvidenceFormats.TdxQuote, kernel, new ConfigfsTsmOptions { PrivilegeLevel = 1 });

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => provider.GetEvidenceAsync(new byte[8]));

        Assert.Equal(FindingCodes.EvidenceProviderMismatch, error.Code);
        Assert.Contains("privlevel", error.Message, StringComparison.Ordinal);
        Assert.Empty(kernel.WrittenInblobs);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Report_data_over_64_bytes_is_refused_before_touching_the_device()
    {
        var kernel = TdxKernel();

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(new byte[65]));

        Assert.Equal(FindingCodes.ReportDataTooLong, error.Code);
        Assert.Empty(kernel.Log);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task A_missing_configfs_tsm_directory_is_a_clear_unavailable_error()
    {
        var kernel = TdxKernel();
        var provider = new ConfigfsTsmProvider(
            EvidenceFormats.TdxQuote, new ConfigfsTsmOptions { Root = Path.Combine(_root, "no-such-dir"), RetryDelay = TimeSpan.Zero }, kernel);

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => provider.GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.EvidenceDeviceUnavailable, error.Code);
        Assert.Contains("configfs-tsm not available", error.Message, StringComparison.Ordinal);
        Assert.Empty(kernel.Log);
        Assert.False(Directory.Exists(Path.Combine(_root, "no-such-dir")));
    }

    [Fact]
    public async Task A_concurrent_writer_once_is_detected_by_generation_and_retried_in_a_fresh_entry()
    {
        var kernel = TdxKernel();
        kernel.InterfereOnAttempts = 1;
        var reportData = RandomNumberGenerator.GetBytes(64);

        var evidence = await Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(reportData);

        Assert.Equal(2, kernel.Entries.Count);
        Assert.Equal(PatchTdx(reportData), evidence.Evidence.ToArray());
        Assert.Equal(2, kernel.Log.Count(l => l == "rmdir"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task A_writer_that_races_every_attempt_gives_a_busy_error_after_the_configured_attempts()
    {
        var kernel = TdxKernel();
        kernel.InterfereOnAttempts = int.MaxValue;
        var provider = Provider(EvidenceFormats.TdxQuote, kernel, new ConfigfsTsmOptions { MaxAttempts = 4 });

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => provider.GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.EvidenceDeviceBusy, error.Code);
        Assert.Contains("after 4 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("generation went from 0 to 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, kernel.Entries.Count);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Ebusy_on_the_inblob_write_is_retried_then_reported_as_busy()
    {
        var kernel = TdxKernel();
        kernel.Fault = (operation, attribute) => operation == TsmOperation.Write ? new IOException("Device or resource busy", 16) : null;

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.EvidenceDeviceBusy, error.Code);
        Assert.Contains("EBUSY", error.InnerException!.Message, StringComparison.Ordinal);
        Assert.Equal(3, kernel.Entries.Count);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    public static TheoryData<Exception, string, string> KernelErrors => new()
    {
        { new ArgumentOutOfRangeException("value", "Specified file length was too large for the file system."), FindingCodes.EvidenceTooLarge, "EFBIG" },
        { new IOException("Input/output error", 5), FindingCodes.EvidenceDeviceError, "EIO" },
        { new IOException("No such device or address", 6), FindingCodes.EvidenceDeviceUnavailable, "ENXIO" },
        { new IOException("Inappropriate ioctl for device", 25), FindingCodes.EvidenceDeviceError, "ENOTTY" },
        { new UnauthorizedAccessException("Access to the path is denied."), FindingCodes.EvidenceDevicePermissionDenied, "permission denied" },
    };

    [Theory]
    [MemberData(nameof(KernelErrors))]
    public async Task A_kernel_error_reading_outblob_has_its_own_code_and_is_not_retried(Exception fault, string code, string text)
    {
        var kernel = TdxKernel();
        kernel.Fault = (operation, attribute) => attribute == "outblob" ? fault : null;

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(new byte[64]));

        Assert.Equal(code, error.Code);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
        Assert.Contains("outblob", error.Message, StringComparison.Ordinal);
        Assert.Single(kernel.Entries);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Theory]
    [InlineData(13, FindingCodes.EvidenceDevicePermissionDenied)]
    [InlineData(6, FindingCodes.EvidenceDeviceUnavailable)]
    public async Task A_refused_mkdir_is_reported_without_leaving_an_entry(int errno, string code)
    {
        var kernel = TdxKernel();
        kernel.Fault = (operation, _) => operation != TsmOperation.CreateEntry ? null
            : errno == 13 ? new UnauthorizedAccessException("Access to the path is denied.") : new IOException("No such device or address", errno);

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(new byte[64]));

        Assert.Equal(code, error.Code);
        Assert.Contains("mkdir", error.Message, StringComparison.Ordinal);
        Assert.Equal(["mkdir"], kernel.Log);
    }

    [Fact]
    public async Task Cancellation_mid_request_still_removes_the_entry()
    {
        using var cancellation = new CancellationTokenSource();
        var kernel = TdxKernel();
        kernel.Fault = (operation, attribute) =>
        {
            if (attribute == "outblob")
            {
                cancellation.Cancel();
            }

            return null;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(new byte[64], cancellation.Token));

        Assert.Equal("rmdir", kernel.Log[^1]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task An_auxblob_entry_pointing_outside_the_blob_is_a_certificate_table_format_error()
    {
        var platform = snp.Platform();
        var kernel = new FakeTsmKernel(
            "sev_guest",
            inblob => platform.CreateReport(Measurement, inblob),
            _ =>
            {
                var blob = SnpCertificateTable.Encode([new(SnpCertificateTable.VcekGuid, platform.VcekCertificate.RawData)]);
                BitConverter.TryWriteBytes(blob.AsSpan(20, 4), (uint)blob.Length); // length now runs past the end
                return blob;
            });

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => Provider(EvidenceFormats.SnpReport, kernel).GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.SnpCertificateTableMalformed, error.Code);
        Assert.IsType<EvidenceFormatException>(error.InnerException);
        Assert.Contains("auxblob", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Evidence_that_does_not_carry_the_written_report_data_is_refused()
    {
        var stale = PatchTdx(new byte[64]);
        var kernel = new FakeTsmKernel("tdx_guest", _ => stale);

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(RandomNumberGenerator.GetBytes(64)));

        Assert.Equal(FindingCodes.EvidenceReportDataMismatch, error.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public async Task An_outblob_that_is_not_a_quote_is_a_malformed_response(int length)
    {
        var kernel = new FakeTsmKernel("tdx_guest", _ => new byte[length]);

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.EvidenceDeviceResponseMalformed, error.Code);
    }

    [Fact]
    public async Task A_provider_of_another_tee_is_a_mismatch()
    {
        var kernel = SnpKernel(snp.Platform());

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => Provider(EvidenceFormats.TdxQuote, kernel).GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.EvidenceProviderMismatch, error.Code);
        Assert.Contains("sev_guest", error.Message, StringComparison.Ordinal);
        Assert.Empty(kernel.WrittenInblobs);
    }

    [Theory]
    [InlineData("tdx_guest", EvidenceFormats.TdxQuote)]
    [InlineData("sev_guest", EvidenceFormats.SnpReport)]
    public async Task Detect_reads_the_provider_from_a_temporary_entry(string providerName, string format)
    {
        var kernel = new FakeTsmKernel(providerName, _ => []);

        var provider = await ConfigfsTsmProvider.DetectAsync(Options(), kernel, CancellationToken.None);

        Assert.Equal(format, provider.Format);
        Assert.Equal(["mkdir", "read provider", "rmdir"], kernel.Log);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Detect_refuses_an_unsupported_provider()
    {
        var kernel = new FakeTsmKernel("arm_cca_guest", _ => []);

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => ConfigfsTsmProvider.DetectAsync(Options(), kernel, CancellationToken.None));

        Assert.Equal(FindingCodes.EvidenceProviderMismatch, error.Code);
        Assert.Contains("arm_cca_guest", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void Options_out_of_range_and_formats_configfs_tsm_cannot_produce_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ConfigfsTsmProvider(EvidenceFormats.SgxQuote));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfigfsTsmProvider(EvidenceFormats.SnpReport, new ConfigfsTsmOptions { PrivilegeLevel = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfigfsTsmProvider(EvidenceFormats.SnpReport, new ConfigfsTsmOptions { MaxAttempts = 0 }));
    }

    private ConfigfsTsmOptions Options(ConfigfsTsmOptions? options = null) =>
        (options ?? new ConfigfsTsmOptions()) with { Root = _root, RetryDelay = TimeSpan.Zero };

    private ConfigfsTsmProvider Provider(string format, FakeTsmKernel kernel, ConfigfsTsmOptions? options = null) =>
        new(format, Options(options), kernel);

    private static FakeTsmKernel TdxKernel() => new("tdx_guest", PatchTdx);

    private static FakeTsmKernel SnpKernel(SimulatedSnpPlatform platform) => new(
        "sev_guest",
        inblob => platform.CreateReport(Measurement, inblob),
        _ => SnpCertificateTable.Encode(
        [
            new(SnpCertificateTable.VcekGuid, platform.VcekCertificate.RawData),
            new(SnpCertificateTable.AskGuid, platform.AskCertificate.RawData),
            new(SnpCertificateTable.ArkGuid, platform.RootCertificate.RawData),
        ]));

    /// <summary>The real TDX sample with its REPORTDATA replaced: what the kernel would return for this inblob (signature not valid).</summary>
    private static byte[] PatchTdx(byte[] inblob)
    {
        var quote = (byte[])TdxSample.Clone();
        inblob.CopyTo(quote.AsSpan(TdxReportDataOffset, 64));
        return quote;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenCcm.Attestation.Providers;

/// <summary>
/// TDX quotes and SEV-SNP reports through Linux configfs-tsm (Documentation/ABI/testing/configfs-tsm-report, kernel 6.7+;
/// drivers/virt/coco/guest/report.c). Each request gets its own report entry: mkdir a uniquely named directory, read
/// <c>provider</c> and <c>generation</c>, write <c>privlevel</c> (optional) and <c>inblob</c> (the report data, zero-padded
/// to 64 bytes), read <c>outblob</c> and <c>auxblob</c>, read <c>generation</c> again, rmdir. The kernel increments
/// generation on every write; if it moved by more than this provider's writes, someone else wrote to the entry between
/// our write and read, so the attempt is discarded and retried in a fresh entry (the ABI's documented conflict check).
/// </summary>
public sealed class ConfigfsTsmProvider : IEvidenceProvider
{
    private const string InterfaceName = "configfs-tsm";

    /// <summary>Reads are capped here; the kernel's own cap is TSM_REPORT_OUTBLOB_MAX (32 KiB), beyond which it returns EFBIG.</summary>
    private const int MaxBlobLength = 1024 * 1024;

    private readonly ConfigfsTsmOptions _options;
    private readonly ITsmKernelHooks _kernel;

    /// <param name="format"><see cref="EvidenceFormats.TdxQuote"/> (provider tdx_guest) or <see cref="EvidenceFormats.SnpReport"/> (sev_guest).</param>
    public ConfigfsTsmProvider(string format, ConfigfsTsmOptions? options = null)
        : this(format, options ?? new ConfigfsTsmOptions(), NoTsmKernelHooks.Instance)
    {
    }

    internal ConfigfsTsmProvider(string format, ConfigfsTsmOptions options, ITsmKernelHooks kernel)
    {
        if (ProviderName(format) is null)
        {
            throw new ArgumentException($"configfs-tsm produces {EvidenceFormats.TdxQuote} or {EvidenceFormats.SnpReport}, not '{format}'.", nameof(format));
        }

        if (options.PrivilegeLevel > ConfigfsTsmOptions.MaxPrivilegeLevel || options.MaxAttempts < 1 || options.RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "privlevel is 0..3, MaxAttempts at least 1, RetryDelay not negative.");
        }

        Format = format;
        _options = options;
        _kernel = kernel;
    }

    public string Format { get; }

    /// <summary>The evidence format of a configfs-tsm <c>provider</c> name ("tdx_guest", "sev_guest"), else null.</summary>
    public static string? FormatOf(string providerName) => providerName switch
    {
        "tdx_guest" => EvidenceFormats.TdxQuote,
        "sev_guest" => EvidenceFormats.SnpReport,
        _ => null,
    };

    /// <summary>
    /// Asks the kernel which TEE backs configfs-tsm (an entry is created, its <c>provider</c> read, and removed) and
    /// returns a provider for that format.
    /// </summary>
    public static Task<ConfigfsTsmProvider> DetectAsync(ConfigfsTsmOptions? options = null, CancellationToken cancellationToken = default) =>
        DetectAsync(options ?? new ConfigfsTsmOptions(), NoTsmKernelHooks.Instance, cancellationToken);

    internal static async Task<ConfigfsTsmProvider> DetectAsync(ConfigfsTsmOptions options, ITsmKernelHooks kernel, CancellationToken cancellationToken)
    {
        var session = new Session(options, kernel);
        var entry = session.CreateEntry();
        string providerName;
        try
        {
            providerName = await session.ReadTextAsync(entry, "provider", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            session.TryRemoveEntry(entry);
            throw;
        }

        session.RemoveEntry(entry);
        var format = FormatOf(providerName) ?? throw new EvidenceProviderException(
            FindingCodes.EvidenceProviderMismatch, $"configfs-tsm provider '{providerName}' is not supported (tdx_guest and sev_guest are).");
        return new ConfigfsTsmProvider(format, options, kernel);
    }

    public async Task<ProvidedEvidence> GetEvidenceAsync(ReadOnlyMemory<byte> reportData, CancellationToken cancellationToken = default)
    {
        var inblob = ReportDataBinding.Pad(reportData, InterfaceName);
        var session = new Session(_options, _kernel);
        EvidenceProviderException? lastConflict = null;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            if (attempt > 1 && _options.RetryDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.RetryDelay, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await AttemptAsync(session, inblob, cancellationToken).ConfigureAwait(false);
            }
            catch (EvidenceProviderException e) when (e.Code == FindingCodes.EvidenceDeviceBusy)
            {
                lastConflict = e;
            }
        }

        throw new EvidenceProviderException(
            FindingCodes.EvidenceDeviceBusy, $"configfs-tsm: no consistent report after {_options.MaxAttempts} attempts; last: {lastConflict!.Message}", lastConflict);
    }

    private async Task<ProvidedEvidence> AttemptAsync(Session session, byte[] inblob, CancellationToken cancellationToken)
    {
        var entry = session.CreateEntry();
        ProvidedEvidence evidence;
        try
        {
            evidence = await ReadReportAsync(session, entry, inblob, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            session.TryRemoveEntry(entry);
            throw;
        }

        session.RemoveEntry(entry);
        return evidence;
    }

    private async Task<ProvidedEvidence> ReadReportAsync(Session session, string entry, byte[] inblob, CancellationToken cancellationToken)
    {
        var providerName = await session.ReadTextAsync(entry, "provider", cancellationToken).ConfigureAwait(false);
        if (FormatOf(providerName) != Format)
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceProviderMismatch, $"configfs-tsm is backed by '{providerName}', which does not produce {Format} ({ProviderName(Format)} does).");
        }

        var before = await session.ReadGenerationAsync(entry, cancellationToken).ConfigureAwait(false);
        ulong writes = 0;
        if (_options.PrivilegeLevel is { } level)
        {
            if (!File.Exists(Path.Combine(entry, "privlevel")))
            {
                throw new EvidenceProviderException(
                    FindingCodes.EvidenceProviderMismatch, $"configfs-tsm provider '{providerName}' has no privlevel attribute; do not set a privilege level.");
            }

            await session.WriteAsync(entry, "privlevel", Encoding.ASCII.GetBytes(level.ToString(CultureInfo.InvariantCulture)), cancellationToken)
                .ConfigureAwait(false);
            writes++;
        }

        await session.WriteAsync(entry, "inblob", inblob, cancellationToken).ConfigureAwait(false);
        writes++;
        var outblob = await session.ReadAsync(entry, "outblob", cancellationToken).ConfigureAwait(false);
        var auxblob = File.Exists(Path.Combine(entry, "auxblob"))
            ? await session.ReadAsync(entry, "auxblob", cancellationToken).ConfigureAwait(false)
            : [];
        var after = await session.ReadGenerationAsync(entry, cancellationToken).ConfigureAwait(false);
        if (after != unchecked(before + writes))
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceDeviceBusy,
                $"configfs-tsm generation went from {before} to {after} across {writes} write(s) of ours: another writer changed the request.");
        }

        ReportDataBinding.Require(Format, outblob, inblob, $"configfs-tsm ({providerName})");
        var certificates = Format == EvidenceFormats.SnpReport && auxblob.Length > 0 ? ParseCertificateTable(auxblob) : null;
        return new ProvidedEvidence(Format, outblob, auxblob, certificates);
    }

    private static SnpCertificateTable ParseCertificateTable(byte[] auxblob)
    {
        try
        {
            return SnpCertificateTable.Parse(auxblob);
        }
        catch (EvidenceFormatException e)
        {
            throw new EvidenceProviderException(e.Code, $"configfs-tsm auxblob: {e.Message}", e);
        }
    }

    private static string? ProviderName(string format) => format switch
    {
        EvidenceFormats.TdxQuote => "tdx_guest",
        EvidenceFormats.SnpReport => "sev_guest",
        _ => null,
    };

    /// <summary>The file operations on report entries, each wrapped in the kernel hooks and mapped to provider errors.</summary>
    private sealed class Session(ConfigfsTsmOptions options, ITsmKernelHooks kernel)
    {
        public string CreateEntry()
        {
            if (!Directory.Exists(options.Root))
            {
                throw new EvidenceProviderException(
                    FindingCodes.EvidenceDeviceUnavailable,
                    $"configfs-tsm not available: {options.Root} does not exist (needs Linux 6.7+ in a TDX or SEV-SNP guest, configfs mounted at /sys/kernel/config).");
            }

            var entry = Path.Combine(options.Root, options.EntryNamePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
            Run(TsmOperation.CreateEntry, entry, null, "mkdir", () => Directory.CreateDirectory(entry));
            return entry;
        }

        public void RemoveEntry(string entry) =>
            Run(TsmOperation.RemoveEntry, entry, null, "rmdir", () => Directory.Delete(entry, recursive: false));

        /// <summary>Cleanup while another error propagates: that error is the one to report.</summary>
        public void TryRemoveEntry(string entry)
        {
            try
            {
                RemoveEntry(entry);
            }
            catch (EvidenceProviderException)
            {
            }
        }

        public Task<byte[]> ReadAsync(string entry, string attribute, CancellationToken cancellationToken) =>
            RunAsync(TsmOperation.Read, entry, attribute, () => DeviceFile.ReadAsync(Path.Combine(entry, attribute), MaxBlobLength, cancellationToken));

        public Task<string> ReadTextAsync(string entry, string attribute, CancellationToken cancellationToken) =>
            RunAsync(TsmOperation.Read, entry, attribute, () => DeviceFile.ReadTextAsync(Path.Combine(entry, attribute), cancellationToken));

        public async Task<ulong> ReadGenerationAsync(string entry, CancellationToken cancellationToken)
        {
            var text = await ReadTextAsync(entry, "generation", cancellationToken).ConfigureAwait(false);
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
                ? generation
                : throw new EvidenceProviderException(
                    FindingCodes.EvidenceDeviceResponseMalformed, $"configfs-tsm generation is '{text}', not an unsigned number.");
        }

        public Task<bool> WriteAsync(string entry, string attribute, byte[] data, CancellationToken cancellationToken) =>
            RunAsync(TsmOperation.Write, entry, attribute, async () =>
            {
                await DeviceFile.WriteAsync(Path.Combine(entry, attribute), data, cancellationToken).ConfigureAwait(false);
                return true;
            });

        private void Run(TsmOperation operation, string entry, string? attribute, string what, Action action)
        {
            try
            {
                kernel.Before(operation, entry, attribute);
                action();
                kernel.After(operation, entry, attribute);
            }
            catch (Exception e) when (DeviceErrors.IsSystemError(e))
            {
                throw DeviceErrors.Map(e, InterfaceName, $"{what} {entry}");
            }
        }

        private async Task<T> RunAsync<T>(TsmOperation operation, string entry, string attribute, Func<Task<T>> action)
        {
            var what = operation == TsmOperation.Write ? "writing" : "reading";
            try
            {
                kernel.Before(operation, entry, attribute);
                var result = await action().ConfigureAwait(false);
                kernel.After(operation, entry, attribute);
                return result;
            }
            catch (Exception e) when (DeviceErrors.IsSystemError(e))
            {
                throw DeviceErrors.Map(e, InterfaceName, $"{what} {Path.Combine(entry, attribute)}");
            }
        }
    }
}

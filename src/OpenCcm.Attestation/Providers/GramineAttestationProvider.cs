using System.Collections.Concurrent;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Providers;

/// <summary>
/// SGX evidence inside a Gramine enclave through its <c>/dev/attestation</c> pseudo-files (Gramine
/// Documentation/attestation.rst, libos/src/fs/dev/attestation.c; evidence-formats.md §10.2):
/// sgx-quote — write 64-byte <c>user_report_data</c>, read <c>quote</c> (needs <c>attestation_type</c> "dcap");
/// sgx-report — write the verifier's 512-byte <c>target_info</c> and <c>user_report_data</c>, read the 432-byte <c>report</c>.
/// The files are process-wide state and Gramine does not lock them, so requests on one root are serialised here.
/// </summary>
public sealed class GramineAttestationProvider : IEvidenceProvider
{
    public const string DefaultRoot = "/dev/attestation";

    private const string InterfaceName = "Gramine /dev/attestation";

    /// <summary>Gramine's own quote buffer is 8 KiB (QUOTE_MAX_SIZE); reads are capped well above it.</summary>
    private const int MaxQuoteLength = 64 * 1024;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    private readonly SgxTargetInfo? _targetInfo;

    private GramineAttestationProvider(string format, string root, SgxTargetInfo? targetInfo)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Format = format;
        Root = Path.GetFullPath(root);
        _targetInfo = targetInfo;
    }

    public string Format { get; }

    /// <summary>The pseudo-file directory (tests point it at a directory).</summary>
    public string Root { get; }

    /// <summary>DCAP quotes (sgx-quote) for remote verifiers.</summary>
    public static GramineAttestationProvider ForQuotes(string root = DefaultRoot) => new(EvidenceFormats.SgxQuote, root, null);

    /// <summary>REPORTs (sgx-report) that only the enclave described by <paramref name="targetInfo"/> can check (local attestation).</summary>
    public static GramineAttestationProvider ForReports(SgxTargetInfo targetInfo, string root = DefaultRoot)
    {
        ArgumentNullException.ThrowIfNull(targetInfo);
        return new GramineAttestationProvider(EvidenceFormats.SgxReport, root, targetInfo);
    }

    /// <summary>Reads <c>attestation_type</c>: "none", "dcap" (or "epid" on older Gramine).</summary>
    public static Task<string> ReadAttestationTypeAsync(string root = DefaultRoot, CancellationToken cancellationToken = default) =>
        IoAsync(Path.GetFullPath(root), "attestation_type", "reading", () => DeviceFile.ReadTextAsync(Path.Combine(root, "attestation_type"), cancellationToken));

    /// <summary>Reads <c>my_target_info</c>: this enclave's TARGETINFO, which a peer needs to make a REPORT for it.</summary>
    public static async Task<SgxTargetInfo> ReadOwnTargetInfoAsync(string root = DefaultRoot, CancellationToken cancellationToken = default)
    {
        var bytes = await IoAsync(Path.GetFullPath(root), "my_target_info", "reading",
            () => DeviceFile.ReadAsync(Path.Combine(root, "my_target_info"), SgxTargetInfo.Size + 1, cancellationToken)).ConfigureAwait(false);
        try
        {
            return SgxTargetInfo.Parse(bytes);
        }
        catch (EvidenceFormatException e)
        {
            throw new EvidenceProviderException(FindingCodes.EvidenceDeviceResponseMalformed, $"{InterfaceName}: my_target_info: {e.Message}", e);
        }
    }

    public async Task<ProvidedEvidence> GetEvidenceAsync(ReadOnlyMemory<byte> reportData, CancellationToken cancellationToken = default)
    {
        var userReportData = ReportDataBinding.Pad(reportData, InterfaceName);
        var gate = Locks.GetOrAdd(Root, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var evidence = Format == EvidenceFormats.SgxQuote
                ? await ReadQuoteAsync(userReportData, cancellationToken).ConfigureAwait(false)
                : await ReadReportAsync(userReportData, cancellationToken).ConfigureAwait(false);
            ReportDataBinding.Require(Format, evidence, userReportData, InterfaceName);
            return new ProvidedEvidence(Format, evidence);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<byte[]> ReadQuoteAsync(byte[] userReportData, CancellationToken cancellationToken)
    {
        var type = await ReadTypeAsync(cancellationToken).ConfigureAwait(false);
        if (type != "dcap")
        {
            throw new EvidenceProviderException(
                FindingCodes.RemoteAttestationUnavailable,
                $"{InterfaceName}: attestation_type is '{type}', so Gramine cannot produce a DCAP quote; "
                + "set sgx.remote_attestation = \"dcap\" in the manifest (EPID quotes are not supported).");
        }

        await WriteAsync("user_report_data", userReportData, cancellationToken).ConfigureAwait(false);
        return await ReadEvidenceAsync("quote", MaxQuoteLength, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadReportAsync(byte[] userReportData, CancellationToken cancellationToken)
    {
        await ReadTypeAsync(cancellationToken).ConfigureAwait(false);
        await WriteAsync("target_info", _targetInfo!.ToBytes(), cancellationToken).ConfigureAwait(false);
        await WriteAsync("user_report_data", userReportData, cancellationToken).ConfigureAwait(false);
        return await ReadEvidenceAsync("report", SgxReport.Size + 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>attestation_type exists only when Gramine runs on Linux-SGX, so its absence says "not in an SGX enclave".</summary>
    private Task<string> ReadTypeAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceDeviceUnavailable, $"{InterfaceName} not available: {Root} does not exist (not running inside a Gramine enclave).");
        }

        if (!File.Exists(Path.Combine(Root, "attestation_type")))
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceDeviceUnavailable, $"{InterfaceName}: no attestation_type in {Root}: Gramine is not running on Linux-SGX.");
        }

        return ReadAttestationTypeAsync(Root, cancellationToken);
    }

    private async Task WriteAsync(string file, byte[] data, CancellationToken cancellationToken)
    {
        try
        {
            await DeviceFile.WriteAsync(Path.Combine(Root, file), data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DeviceErrors.IsSystemError(e))
        {
            throw DeviceErrors.Map(e, InterfaceName, $"writing {Path.Combine(Root, file)}");
        }
    }

    /// <summary>Gramine turns every PAL failure behind report and quote into EACCES; say so rather than "permission denied".</summary>
    private async Task<byte[]> ReadEvidenceAsync(string file, int maxLength, CancellationToken cancellationToken)
    {
        try
        {
            return await IoAsync(Root, file, "reading", () => DeviceFile.ReadAsync(Path.Combine(Root, file), maxLength, cancellationToken))
                .ConfigureAwait(false);
        }
        catch (EvidenceProviderException e) when (e.Code == FindingCodes.EvidenceDevicePermissionDenied)
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceDeviceError,
                $"{InterfaceName}: reading {file} failed with EACCES: Gramine could not produce it (for quotes: is the AESM service or the DCAP quote provider library reachable?).",
                e);
        }
    }

    private static async Task<T> IoAsync<T>(string root, string file, string what, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (DeviceErrors.IsSystemError(e))
        {
            throw DeviceErrors.Map(e, InterfaceName, $"{what} {Path.Combine(root, file)}");
        }
    }
}

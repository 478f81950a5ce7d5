using OpenCcm.Contracts;
using OpenCcm.Core.Models;
using OpenCcm.Manager.Http;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>
/// What identifies a build, read from a <see cref="BuildRequest"/>. SGX: MRENCLAVE and MRSIGNER (SHA-256 values,
/// 32 bytes), ISVPRODID and ISVSVN (16-bit). Other TEEs: their measurements in wire names (snake_case) mapped to
/// the claim names Core stores (<see cref="BuildMeasurements"/>, DESIGN.md §4) — TDX MRTD and RTMRs (SHA-384,
/// 48 bytes, TDX Module ABI TDREPORT), SEV-SNP launch measurement (48 bytes) and HOST_DATA (32 bytes; SNP ABI
/// Table 22 ATTESTATION_REPORT), Nitro PCR0..2 (SHA-384). The identity measurement is required; the others pin more
/// when given.
/// </summary>
internal static class BuildIdentity
{
    private const int Sha256Bytes = 32;
    private const int Sha384Bytes = 48;

    private sealed record Field(string Wire, string Claim, int Bytes, bool Required);

    private static readonly Dictionary<TeeKind, Field[]> Fields = new()
    {
        [TeeKind.Tdx] =
        [
            new("mr_td", BuildMeasurements.MrTd, Sha384Bytes, true), new("rtmr0", "rtmr0", Sha384Bytes, false),
            new("rtmr1", "rtmr1", Sha384Bytes, false), new("rtmr2", "rtmr2", Sha384Bytes, false), new("rtmr3", "rtmr3", Sha384Bytes, false),
        ],
        [TeeKind.SevSnp] = [new("measurement", BuildMeasurements.Measurement, Sha384Bytes, true), new("host_data", "hostData", Sha256Bytes, false)],
        [TeeKind.Nitro] =
        [
            new("pcr0", BuildMeasurements.Pcr0, Sha384Bytes, true), new("pcr1", "pcr1", Sha384Bytes, false), new("pcr2", "pcr2", Sha384Bytes, false),
        ],
    };

    /// <summary>The TEE kind, SGX identity or measurements of <paramref name="request"/>; problems are reported.</summary>
    public static (TeeKind Kind, EnclaveInfo? Enclave, IReadOnlyDictionary<string, string> Measurements) Read(BuildRequest request, RequestValidation validation)
    {
        var kind = TeeKind.Sgx;
        if (request.TeeKind is not null && !WireNames.TryParse(request.TeeKind, out kind))
        {
            validation.Require(false, "tee_kind must be SGX, TDX, SEV_SNP or NITRO.");
            return (TeeKind.Sgx, null, new Dictionary<string, string>());
        }

        return kind == TeeKind.Sgx ? ReadSgx(request, validation) : ReadMeasured(kind, request, validation);
    }

    /// <summary>The measurements of <paramref name="build"/> under their wire names, or null for SGX.</summary>
    public static IReadOnlyDictionary<string, string>? ToWire(Build build) =>
        Fields.TryGetValue(build.TeeKind, out var fields)
            ? fields.Where(f => build.Measurements.ContainsKey(f.Claim)).ToDictionary(f => f.Wire, f => build.Measurements[f.Claim], StringComparer.Ordinal)
            : null;

    private static (TeeKind, EnclaveInfo?, IReadOnlyDictionary<string, string>) ReadSgx(BuildRequest request, RequestValidation validation)
    {
        var mrenclave = Hex(request.Mrenclave, Sha256Bytes);
        var mrsigner = Hex(request.Mrsigner, Sha256Bytes);
        validation
            .Require(mrenclave is not null, "mrenclave must be 64 hex digits.")
            .Require(mrsigner is not null, "mrsigner must be 64 hex digits.")
            .Require(request.Isvprodid is not null, "isvprodid is required.")
            .Require(request.Isvsvn is not null, "isvsvn is required.")
            .Require(request.Measurements is null, "measurements are for tee_kind TDX, SEV_SNP or NITRO; SGX builds use mrenclave and mrsigner.");
        var enclave = mrenclave is null || mrsigner is null ? null : new EnclaveInfo(mrenclave, mrsigner, request.Isvprodid ?? 0, request.Isvsvn ?? 0);
        return (TeeKind.Sgx, enclave, new Dictionary<string, string>());
    }

    private static (TeeKind, EnclaveInfo?, IReadOnlyDictionary<string, string>) ReadMeasured(TeeKind kind, BuildRequest request, RequestValidation validation)
    {
        var fields = Fields[kind];
        var given = request.Measurements ?? new Dictionary<string, string>();
        var wire = WireNames.Of(kind);
        validation.Require(request.Mrenclave is null && request.Mrsigner is null && request.Isvprodid is null && request.Isvsvn is null,
            $"mrenclave, mrsigner, isvprodid and isvsvn are SGX fields; a {wire} build has measurements.");
        foreach (var unknown in given.Keys.Where(k => fields.All(f => f.Wire != k)))
        {
            validation.Require(false, $"'{InputEcho.Shorten(unknown)}' is not a {wire} measurement ({string.Join(", ", fields.Select(f => f.Wire))}).");
        }

        var measurements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (!given.TryGetValue(field.Wire, out var value))
            {
                validation.Require(!field.Required, $"measurements.{field.Wire} is required for a {wire} build.");
                continue;
            }

            var hex = Hex(value, field.Bytes);
            validation.Require(hex is not null, $"measurements.{field.Wire} must be {field.Bytes * 2} hex digits.");
            if (hex is not null)
            {
                measurements[field.Claim] = hex;
            }
        }

        return (kind, null, measurements);
    }

    private static string? Hex(string? value, int bytes)
    {
        var trimmed = value?.Trim();
        return trimmed is not null && trimmed.Length == bytes * 2 && trimmed.All(char.IsAsciiHexDigit) ? trimmed.ToLowerInvariant() : null;
    }
}

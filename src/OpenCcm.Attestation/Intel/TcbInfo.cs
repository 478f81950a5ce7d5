using System.Globalization;
using System.Text.Json;

namespace OpenCcm.Attestation.Intel;

/// <summary>One TCB level of a TCB info (evidence-formats.md §4.1).</summary>
public sealed record TcbLevel(
    byte[] SgxComponents, ushort PceSvn, byte[]? TdxComponents, DateTimeOffset TcbDate, string TcbStatus, IReadOnlyList<string> AdvisoryIds);

/// <summary>A TDX module identity of a TCB info v3 for TDX.</summary>
public sealed record TdxModuleIdentity(
    string Id, byte[] MrSigner, byte[] Attributes, byte[] AttributesMask, IReadOnlyList<IdentityTcbLevel> TcbLevels);

/// <summary>Intel TCB info v2 or v3 (SGX or TDX), parsed from the signed JSON text.</summary>
public sealed class TcbInfo
{
    public required string Id { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset IssueDate { get; init; }

    public required DateTimeOffset NextUpdate { get; init; }

    public required byte[] Fmspc { get; init; }

    public required byte[] PceId { get; init; }

    public required int TcbType { get; init; }

    public required int TcbEvaluationDataNumber { get; init; }

    /// <summary>In the order served (newest first).</summary>
    public required IReadOnlyList<TcbLevel> TcbLevels { get; init; }

    /// <summary>TDX only: the module identity used when the module's major version is 0.</summary>
    public TdxModuleIdentity? TdxModule { get; init; }

    public IReadOnlyList<TdxModuleIdentity> TdxModuleIdentities { get; init; } = [];

    /// <summary>Parses the <c>tcbInfo</c> object's text; throws <see cref="EvidenceFormatException"/> when malformed.</summary>
    public static TcbInfo Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            var version = root.GetProperty("version").GetInt32();
            if (version is not 2 and not 3)
            {
                throw new EvidenceFormatException(FindingCodes.CollateralInvalid, $"TCB info version {version} is not supported (2 and 3 are).");
            }

            // v2 has no id and is SGX-only.
            var id = root.TryGetProperty("id", out var idElement) ? idElement.GetString()! : "SGX";
            var levels = root.GetProperty("tcbLevels").EnumerateArray().Select(l => ParseLevel(l, version)).ToArray();
            TdxModuleIdentity? module = null;
            if (root.TryGetProperty("tdxModule", out var moduleElement))
            {
                module = new TdxModuleIdentity(
                    "TDX_00", JsonHex.Bytes(moduleElement, "mrsigner", 48), JsonHex.Bytes(moduleElement, "attributes", 8),
                    JsonHex.Bytes(moduleElement, "attributesMask", 8), []);
            }

            var identities = root.TryGetProperty("tdxModuleIdentities", out var identitiesElement)
                ? identitiesElement.EnumerateArray().Select(ParseModuleIdentity).ToArray()
                : [];

            return new TcbInfo
            {
                Id = id,
                Version = version,
                IssueDate = JsonHex.Date(root, "issueDate"),
                NextUpdate = JsonHex.Date(root, "nextUpdate"),
                Fmspc = JsonHex.Bytes(root, "fmspc", 6),
                PceId = JsonHex.Bytes(root, "pceId", 2),
                TcbType = root.GetProperty("tcbType").GetInt32(),
                TcbEvaluationDataNumber = root.GetProperty("tcbEvaluationDataNumber").GetInt32(),
                TcbLevels = levels,
                TdxModule = module,
                TdxModuleIdentities = identities,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EvidenceFormatException(FindingCodes.CollateralInvalid, "TCB info is malformed: " + e.Message);
        }
    }

    private static TcbLevel ParseLevel(JsonElement level, int version)
    {
        var tcb = level.GetProperty("tcb");
        var sgx = new byte[16];
        byte[]? tdx = null;
        if (version == 2)
        {
            for (var i = 0; i < 16; i++)
            {
                sgx[i] = tcb.GetProperty($"sgxtcbcomp{i + 1:00}svn").GetByte();
            }
        }
        else
        {
            sgx = Components(tcb.GetProperty("sgxtcbcomponents"));
            if (tcb.TryGetProperty("tdxtcbcomponents", out var tdxElement))
            {
                tdx = Components(tdxElement);
            }
        }

        return new TcbLevel(
            sgx, tcb.GetProperty("pcesvn").GetUInt16(), tdx, JsonHex.Date(level, "tcbDate"),
            level.GetProperty("tcbStatus").GetString()!, JsonHex.Advisories(level));
    }

    private static byte[] Components(JsonElement array)
    {
        var values = array.EnumerateArray().Select(c => c.GetProperty("svn").GetByte()).ToArray();
        if (values.Length != 16)
        {
            throw new EvidenceFormatException(FindingCodes.CollateralInvalid, $"A TCB level must have 16 components, not {values.Length}.");
        }

        return values;
    }

    private static TdxModuleIdentity ParseModuleIdentity(JsonElement element) => new(
        element.GetProperty("id").GetString()!,
        JsonHex.Bytes(element, "mrsigner", 48),
        JsonHex.Bytes(element, "attributes", 8),
        JsonHex.Bytes(element, "attributesMask", 8),
        element.GetProperty("tcbLevels").EnumerateArray().Select(IdentityTcbLevel.Parse).ToArray());
}

/// <summary>JSON helpers for Intel collateral: hex fields of fixed size, ISO 8601 UTC dates, advisory lists.</summary>
internal static class JsonHex
{
    public static byte[] Bytes(JsonElement element, string name, int size)
    {
        var text = element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");
        var bytes = Convert.FromHexString(text);
        if (bytes.Length != size)
        {
            throw new FormatException($"'{name}' must be {size} bytes, got {bytes.Length}.");
        }

        return bytes;
    }

    public static DateTimeOffset Date(JsonElement element, string name)
    {
        var text = element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    public static IReadOnlyList<string> Advisories(JsonElement level) =>
        level.TryGetProperty("advisoryIDs", out var ids) ? ids.EnumerateArray().Select(a => a.GetString()!).ToArray() : [];
}

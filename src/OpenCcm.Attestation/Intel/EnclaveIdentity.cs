using System.Text.Json;

namespace OpenCcm.Attestation.Intel;

/// <summary>A TCB level of an enclave identity: an ISVSVN threshold and its status.</summary>
public sealed record IdentityTcbLevel(ushort IsvSvn, DateTimeOffset TcbDate, string TcbStatus, IReadOnlyList<string> AdvisoryIds)
{
    internal static IdentityTcbLevel Parse(JsonElement level) => new(
        level.GetProperty("tcb").GetProperty("isvsvn").GetUInt16(),
        JsonHex.Date(level, "tcbDate"),
        level.GetProperty("tcbStatus").GetString()!,
        JsonHex.Advisories(level));
}

/// <summary>Intel enclave identity v2 (QE, QVE, QAE, TD_QE; evidence-formats.md §4.2).</summary>
public sealed class EnclaveIdentity
{
    public required string Id { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset IssueDate { get; init; }

    public required DateTimeOffset NextUpdate { get; init; }

    public required int TcbEvaluationDataNumber { get; init; }

    public required byte[] MiscSelect { get; init; }

    public required byte[] MiscSelectMask { get; init; }

    public required byte[] Attributes { get; init; }

    public required byte[] AttributesMask { get; init; }

    public required byte[] MrSigner { get; init; }

    public required ushort IsvProdId { get; init; }

    /// <summary>Sorted by ISVSVN, highest first, as served.</summary>
    public required IReadOnlyList<IdentityTcbLevel> TcbLevels { get; init; }

    public static EnclaveIdentity Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            var version = root.GetProperty("version").GetInt32();
            if (version != 2)
            {
                throw new EvidenceFormatException(FindingCodes.CollateralInvalid, $"Enclave identity version {version} is not supported (2 is).");
            }

            return new EnclaveIdentity
            {
                Id = root.GetProperty("id").GetString()!,
                Version = version,
                IssueDate = JsonHex.Date(root, "issueDate"),
                NextUpdate = JsonHex.Date(root, "nextUpdate"),
                TcbEvaluationDataNumber = root.GetProperty("tcbEvaluationDataNumber").GetInt32(),
                MiscSelect = JsonHex.Bytes(root, "miscselect", 4),
                MiscSelectMask = JsonHex.Bytes(root, "miscselectMask", 4),
                Attributes = JsonHex.Bytes(root, "attributes", 16),
                AttributesMask = JsonHex.Bytes(root, "attributesMask", 16),
                MrSigner = JsonHex.Bytes(root, "mrsigner", 32),
                IsvProdId = root.GetProperty("isvprodid").GetUInt16(),
                TcbLevels = root.GetProperty("tcbLevels").EnumerateArray().Select(IdentityTcbLevel.Parse).ToArray(),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EvidenceFormatException(FindingCodes.CollateralInvalid, "Enclave identity is malformed: " + e.Message);
        }
    }
}

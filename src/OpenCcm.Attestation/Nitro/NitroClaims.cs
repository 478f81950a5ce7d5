namespace OpenCcm.Attestation.Nitro;

/// <summary>What an AWS Nitro Enclaves attestation document states (claim names: DESIGN.md §4).</summary>
public sealed record NitroClaims(
    string ModuleId,
    string Digest,
    ulong TimestampMilliseconds,
    IReadOnlyDictionary<int, byte[]> Pcrs,
    byte[]? UserData,
    byte[]? Nonce,
    byte[]? PublicKey,
    bool Debug) : IEvidenceClaims
{
    /// <summary><see cref="TimestampMilliseconds"/> as an instant.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds((long)TimestampMilliseconds);

    public static NitroClaims From(NitroAttestationDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new NitroClaims(
            document.ModuleId,
            document.Digest,
            document.TimestampMilliseconds,
            document.Pcrs,
            document.UserData,
            document.Nonce,
            document.PublicKey,
            document.IsDebug);
    }

    /// <summary>
    /// moduleId, digest, timestamp (Unix milliseconds, as in the document), pcrs {"index": hex} in index order,
    /// userData / nonce / publicKey as hex when present, debug.
    /// </summary>
    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var pcrs = new Dictionary<string, object?>();
        foreach (var (index, value) in Pcrs.OrderBy(p => p.Key))
        {
            pcrs[index.ToString()] = Bytes.Hex(value);
        }

        var map = new Dictionary<string, object?>
        {
            ["moduleId"] = ModuleId,
            ["digest"] = Digest,
            ["timestamp"] = TimestampMilliseconds,
            ["pcrs"] = pcrs,
        };
        AddHex(map, "userData", UserData);
        AddHex(map, "nonce", Nonce);
        AddHex(map, "publicKey", PublicKey);
        map["debug"] = Debug;
        return map;
    }

    private static void AddHex(Dictionary<string, object?> map, string name, byte[]? value)
    {
        if (value is not null)
        {
            map[name] = Bytes.Hex(value);
        }
    }
}

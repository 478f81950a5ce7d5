using System.Globalization;
using System.Text.Json;

namespace OpenCcm.Attestation.Ias;

/// <summary>
/// The body of an IAS attestation verification report (API v4 and v5; IAS API rev 6 §4.2.1, evidence-formats.md §7).
/// Parse it only after its signature has been verified over these exact bytes.
/// </summary>
public sealed class IasReport
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    private IasReport(JsonElement root, byte[] rawQuoteBody)
    {
        Id = RequiredString(root, "id");
        Timestamp = ParseTimestamp(RequiredString(root, "timestamp"));
        Version = OptionalInt(root, "version") ?? throw Invalid("'version' is missing.");
        if (Version is not (4 or 5))
        {
            throw new EvidenceFormatException(FindingCodes.UnsupportedVersion, $"IAS report version {Version} is not supported (4 or 5).");
        }

        IsvEnclaveQuoteStatus = RequiredString(root, "isvEnclaveQuoteStatus");
        QuoteBody = IasQuoteBody.Parse(rawQuoteBody);
        Nonce = OptionalString(root, "nonce");
        EpidPseudonym = OptionalString(root, "epidPseudonym");
        PlatformInfoBlob = OptionalString(root, "platformInfoBlob");
        PseManifestStatus = OptionalString(root, "pseManifestStatus");
        PseManifestHash = OptionalString(root, "pseManifestHash");
        RevocationReason = OptionalInt(root, "revocationReason");
        AdvisoryUrl = OptionalString(root, "advisoryURL");
        AdvisoryIds = OptionalStringArray(root, "advisoryIDs");
        TcbEvaluationDataNumber = OptionalInt(root, "tcbEvaluationDataNumber");
    }

    /// <summary>The request id IAS assigned (decimal string).</summary>
    public string Id { get; }

    /// <summary>When IAS produced the report (UTC; IAS sends no zone).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The IAS API version: 4 or 5.</summary>
    public int Version { get; }

    /// <summary>The raw isvEnclaveQuoteStatus (see <see cref="IasQuoteStatus"/>).</summary>
    public string IsvEnclaveQuoteStatus { get; }

    public IasQuoteBody QuoteBody { get; }

    /// <summary>The nonce the requester sent, echoed by IAS; null when absent.</summary>
    public string? Nonce { get; }

    public string? EpidPseudonym { get; }

    public string? PlatformInfoBlob { get; }

    public string? PseManifestStatus { get; }

    public string? PseManifestHash { get; }

    public int? RevocationReason { get; }

    public string? AdvisoryUrl { get; }

    public IReadOnlyList<string> AdvisoryIds { get; }

    /// <summary>v5 only.</summary>
    public int? TcbEvaluationDataNumber { get; }

    /// <summary>Parses the body JSON; throws <see cref="EvidenceFormatException"/> (code IasReportInvalid unless stated).</summary>
    public static IasReport Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, Options);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("The body is not a JSON object.");
            }

            var quoteBody = RequiredString(root, "isvEnclaveQuoteBody");
            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(quoteBody);
            }
            catch (FormatException)
            {
                throw Invalid("'isvEnclaveQuoteBody' is not base64.");
            }

            return new IasReport(root, raw);
        }
        catch (JsonException e)
        {
            throw Invalid("The body is not valid JSON: " + e.Message);
        }
        catch (EvidenceFormatException e) when (e.Code == FindingCodes.MalformedEvidence)
        {
            throw Invalid(e.Message);
        }
    }

    private static DateTimeOffset ParseTimestamp(string value) =>
        DateTimeOffset.TryParseExact(
            value, "yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw Invalid($"'timestamp' '{value}' is not yyyy-MM-ddTHH:mm:ss[.ffffff].");

    private static string RequiredString(JsonElement root, string name) =>
        OptionalString(root, name) ?? throw Invalid($"'{name}' is missing.");

    private static string? OptionalString(JsonElement root, string name) => Get(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => throw Invalid($"'{name}' is not a string."),
    };

    private static int? OptionalInt(JsonElement root, string name) => Get(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var value) => value,
        _ => throw Invalid($"'{name}' is not a 32-bit integer."),
    };

    private static string[] OptionalStringArray(JsonElement root, string name) => Get(root, name) switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } e when e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) =>
            e.EnumerateArray().Select(x => x.GetString()!).ToArray(),
        _ => throw Invalid($"'{name}' is not an array of strings."),
    };

    // A JSON null is treated as absent (IAS omits fields rather than nulling them, but be lenient on that).
    private static JsonElement? Get(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static EvidenceFormatException Invalid(string message) => new(FindingCodes.IasReportInvalid, "IAS report body: " + message);
}

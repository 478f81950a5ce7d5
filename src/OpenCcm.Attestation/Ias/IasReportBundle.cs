using System.Text;
using System.Text.Json;

namespace OpenCcm.Attestation.Ias;

/// <summary>
/// The evidence bytes of the <c>ias-report</c> format: one JSON object carrying what IAS returns in an HTTP response,
/// <c>{"body": "&lt;exact body text&gt;", "signature": "&lt;X-IASReport-Signature&gt;", "certificates": "&lt;X-IASReport-Signing-Certificate&gt;"}</c>.
/// The certificates (PEM or URL-encoded PEM, leaf then CA) are optional. The body is kept as text so that its UTF-8
/// bytes are exactly the bytes IAS signed.
/// </summary>
public sealed class IasReportBundle
{
    private const string BodyProperty = "body";
    private const string SignatureProperty = "signature";
    private const string CertificatesProperty = "certificates";
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 4, AllowDuplicateProperties = false };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private IasReportBundle(byte[] body, byte[] signature, string? certificates)
    {
        Body = body;
        Signature = signature;
        Certificates = certificates;
    }

    /// <summary>The report body bytes, exactly as signed.</summary>
    public byte[] Body { get; }

    /// <summary>The decoded RSA signature.</summary>
    public byte[] Signature { get; }

    /// <summary>The signing certificate chain as given (PEM or URL-encoded PEM), or null.</summary>
    public string? Certificates { get; }

    /// <summary>Packs a report body, its base64 signature and optionally its certificate chain as evidence bytes.</summary>
    /// <exception cref="ArgumentException">The body is not UTF-8 or the signature is not base64.</exception>
    public static byte[] Create(byte[] body, string signatureBase64, string? certificates)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(signatureBase64);
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            throw new ArgumentException("The report body is not UTF-8 text.", nameof(body), e);
        }

        var signature = signatureBase64.Trim();
        if (!IsBase64(signature))
        {
            throw new ArgumentException("The signature is not base64.", nameof(signatureBase64));
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString(BodyProperty, text);
            writer.WriteString(SignatureProperty, signature);
            if (certificates is not null)
            {
                writer.WriteString(CertificatesProperty, certificates);
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Reads evidence bytes; throws <see cref="EvidenceFormatException"/> on anything but a well-formed bundle.</summary>
    public static IasReportBundle Parse(ReadOnlyMemory<byte> evidence)
    {
        try
        {
            using var document = JsonDocument.Parse(evidence, Options);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("The IAS report bundle is not a JSON object.");
            }

            var body = StrictUtf8.GetBytes(RequiredString(root, BodyProperty));
            var signatureText = RequiredString(root, SignatureProperty).Trim();
            var signature = IsBase64(signatureText) ? Convert.FromBase64String(signatureText) : throw Malformed("'signature' is not base64.");
            string? certificates = null;
            if (root.TryGetProperty(CertificatesProperty, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                certificates = value.ValueKind == JsonValueKind.String ? value.GetString() : throw Malformed("'certificates' is not a string.");
            }

            return new IasReportBundle(body, signature, certificates);
        }
        catch (JsonException e)
        {
            throw Malformed("The IAS report bundle is not valid JSON: " + e.Message);
        }
        catch (Exception e) when (e is EncoderFallbackException or InvalidOperationException)
        {
            // A lone surrogate escaped in the JSON string: no UTF-8 bytes could have been signed.
            throw Malformed("'body' is not valid Unicode text.");
        }
    }

    /// <summary>A cheap sniff: a JSON object mentioning the body and signature properties and an IAS quote body.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> evidence)
    {
        var trimmed = evidence.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{'
            && trimmed.IndexOf("\"signature\""u8) >= 0
            && trimmed.IndexOf("isvEnclaveQuoteBody"u8) >= 0;
    }

    private static bool IsBase64(string text) => text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Malformed($"'{name}' is missing or not a string.");

    private static EvidenceFormatException Malformed(string message) => new(FindingCodes.MalformedEvidence, message);
}

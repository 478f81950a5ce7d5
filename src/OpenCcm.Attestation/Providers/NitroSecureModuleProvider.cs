using OpenCcm.Attestation.Nitro;

namespace OpenCcm.Attestation.Providers;

/// <summary>
/// AWS Nitro Enclaves attestation documents from the Nitro Secure Module. <see cref="GetEvidenceAsync"/> binds the
/// report data as <c>user_data</c> (up to 512 bytes, unpadded; empty means none); <see cref="GetAttestationDocumentAsync"/>
/// also sets the nonce and public key. The returned document is parsed and must carry exactly what was asked.
/// </summary>
public sealed class NitroSecureModuleProvider : IEvidenceProvider
{
    private const string InterfaceName = "Nitro Secure Module";

    private readonly INsmTransport _transport;

    /// <summary>Talks to /dev/nsm.</summary>
    public NitroSecureModuleProvider()
        : this(new NsmDeviceTransport())
    {
    }

    public NitroSecureModuleProvider(INsmTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
    }

    public string Format => EvidenceFormats.Nitro;

    public Task<ProvidedEvidence> GetEvidenceAsync(ReadOnlyMemory<byte> reportData, CancellationToken cancellationToken = default) =>
        GetAttestationDocumentAsync(new NsmAttestationRequest { UserData = reportData.IsEmpty ? (ReadOnlyMemory<byte>?)null : reportData }, cancellationToken);

    public async Task<ProvidedEvidence> GetAttestationDocumentAsync(NsmAttestationRequest request, CancellationToken cancellationToken = default)
    {
        var encoded = NsmCodec.EncodeAttestationRequest(request);
        var response = await _transport.ExchangeAsync(encoded, cancellationToken).ConfigureAwait(false);
        var document = NsmCodec.DecodeAttestationResponse(response);
        RequireBinding(document, request);
        return new ProvidedEvidence(Format, document);
    }

    private static void RequireBinding(byte[] document, NsmAttestationRequest request)
    {
        NitroAttestationDocument parsed;
        try
        {
            parsed = NitroAttestationDocument.Parse(document);
        }
        catch (EvidenceFormatException e)
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceDeviceResponseMalformed, $"{InterfaceName} returned a document that does not parse: {e.Message}", e);
        }

        Match("user_data", request.UserData, parsed.UserData);
        Match("nonce", request.Nonce, parsed.Nonce);
        Match("public_key", request.PublicKey, parsed.PublicKey);
    }

    private static void Match(string field, ReadOnlyMemory<byte>? asked, byte[]? returned)
    {
        var same = asked is { } bytes ? returned is not null && bytes.Span.SequenceEqual(returned) : returned is null;
        if (!same)
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceReportDataMismatch,
                $"{InterfaceName} returned a document whose {field} is {Describe(returned)}, not the {(asked is { } a ? Bytes.Hex(a.Span) : "null")} asked for.");
        }
    }

    private static string Describe(byte[]? value) => value is null ? "null" : Bytes.Hex(value);
}

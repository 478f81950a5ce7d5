using System.Formats.Cbor;
using System.Security.Cryptography;
using OpenCcm.Attestation.Nitro;
using OpenCcm.Attestation.Providers;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Attestation.Tests.Providers;

/// <summary>
/// NitroSecureModuleProvider with a fake transport standing for the ioctl: it records the request bytes and answers
/// as the NSM does, with a document the simulated Nitro platform signs for the request's fields.
/// </summary>
public sealed class NitroSecureModuleProviderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ccm-nsm-").FullName;
    private readonly SimulatedNitroPlatform _platform;

    public NitroSecureModuleProviderTests()
    {
        _platform = SimulatedNitroPlatform.OpenOrCreate(_directory);
    }

    public void Dispose()
    {
        _platform.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Report_data_goes_out_as_user_data_and_the_signed_document_comes_back_verifiable()
    {
        var reportData = SHA384.HashData("csr public key"u8);
        var transport = new FakeNsmTransport(request => Respond(_platform.CreateDocument(userData: request.UserData)));

        var evidence = await new NitroSecureModuleProvider(transport).GetEvidenceAsync(reportData);

        Assert.Equal(
            NsmCodec.EncodeAttestationRequest(new NsmAttestationRequest { UserData = reportData }),
            Assert.Single(transport.Requests));
        Assert.Equal(EvidenceFormats.Nitro, evidence.Format);
        var verdict = new NitroAttestationVerifier().Verify(
            evidence.Evidence, new VerificationContext { Time = DateTimeOffset.UtcNow, AllowSimulated = true, SimulatedRoots = [_platform.Root] });
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Equal(reportData, Assert.IsType<NitroClaims>(verdict.Claims).UserData);
    }

    [Fact]
    public async Task Nonce_and_public_key_are_bound_too()
    {
        var request = new NsmAttestationRequest { UserData = new byte[] { 1 }, Nonce = RandomNumberGenerator.GetBytes(32), PublicKey = new byte[] { 4, 5 } };
        var transport = new FakeNsmTransport(r => Respond(_platform.CreateDocument(userData: r.UserData, nonce: r.Nonce, publicKey: r.PublicKey)));

        var evidence = await new NitroSecureModuleProvider(transport).GetAttestationDocumentAsync(request);

        var document = NitroAttestationDocument.Parse(evidence.Evidence);
        Assert.Equal(request.Nonce.Value.ToArray(), document.Nonce);
        Assert.Equal(new byte[] { 4, 5 }, document.PublicKey);
    }

    [Fact]
    public async Task Empty_report_data_asks_for_no_user_data()
    {
        var transport = new FakeNsmTransport(r => Respond(_platform.CreateDocument(userData: r.UserData)));

        var evidence = await new NitroSecureModuleProvider(transport).GetEvidenceAsync(ReadOnlyMemory<byte>.Empty);

        Assert.Null(NitroAttestationDocument.Parse(evidence.Evidence).UserData);
        Assert.Contains("69757365725f64617461f6", Convert.ToHexStringLower(Assert.Single(transport.Requests)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_for_other_user_data_is_refused()
    {
        var transport = new FakeNsmTransport(_ => Respond(_platform.CreateDocument(userData: [9, 9])));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => new NitroSecureModuleProvider(transport).GetEvidenceAsync(new byte[] { 1 }));

        Assert.Equal(FindingCodes.EvidenceReportDataMismatch, error.Code);
        Assert.Contains("user_data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_with_an_unasked_nonce_is_refused()
    {
        var transport = new FakeNsmTransport(r => Respond(_platform.CreateDocument(userData: r.UserData, nonce: [7])));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => new NitroSecureModuleProvider(transport).GetEvidenceAsync(new byte[] { 1 }));

        Assert.Equal(FindingCodes.EvidenceReportDataMismatch, error.Code);
        Assert.Contains("nonce", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_nsm_error_response_is_reported_with_its_code()
    {
        var transport = new FakeNsmTransport(_ => Convert.FromHexString("a1654572726f726d496e7465726e616c4572726f72"));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => new NitroSecureModuleProvider(transport).GetEvidenceAsync(new byte[] { 1 }));

        Assert.Equal(FindingCodes.NsmRequestFailed, error.Code);
        Assert.Contains("InternalError", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_that_is_not_cose_is_a_malformed_response()
    {
        var transport = new FakeNsmTransport(_ => Respond([0x01, 0x02]));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => new NitroSecureModuleProvider(transport).GetEvidenceAsync(new byte[] { 1 }));

        Assert.Equal(FindingCodes.EvidenceDeviceResponseMalformed, error.Code);
    }

    [Fact]
    public async Task An_oversize_response_is_refused()
    {
        var transport = new FakeNsmTransport(_ => new byte[NsmCodec.MaxResponseLength + 1]);

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => new NitroSecureModuleProvider(transport).GetEvidenceAsync(new byte[] { 1 }));

        Assert.Equal(FindingCodes.EvidenceTooLarge, error.Code);
    }

    [Fact]
    public async Task User_data_over_512_bytes_is_refused_before_the_transport_is_used()
    {
        var transport = new FakeNsmTransport(_ => throw new InvalidOperationException("must not be called"));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => new NitroSecureModuleProvider(transport).GetEvidenceAsync(new byte[513]));

        Assert.Equal(FindingCodes.ReportDataTooLong, error.Code);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task The_device_transport_reports_an_absent_nsm_as_unavailable()
    {
        var transport = new NsmDeviceTransport(Path.Combine(_directory, "nsm"));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => transport.ExchangeAsync(new byte[] { 0xA0 }, CancellationToken.None));

        Assert.Equal(FindingCodes.EvidenceDeviceUnavailable, error.Code);
        Assert.Contains("Nitro", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A regular file accepts open but not the NSM ioctl: this runs the real ioctl(2) P/Invoke and its errno (ENOTTY).</summary>
    [Fact]
    public async Task The_device_transport_issues_the_real_ioctl_and_reports_its_errno()
    {
        var notADevice = Path.Combine(_directory, "not-nsm");
        File.WriteAllBytes(notADevice, []);

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => new NsmDeviceTransport(notADevice).ExchangeAsync(NsmCodec.EncodeAttestationRequest(new NsmAttestationRequest()), CancellationToken.None));

        Assert.Equal(FindingCodes.EvidenceDeviceError, error.Code);
        Assert.Contains("NSM_IOCTL_RAW failed with ENOTTY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_device_transport_refuses_requests_over_nsm_request_max_size()
    {
        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => new NsmDeviceTransport().ExchangeAsync(new byte[NsmCodec.MaxRequestLength + 1], CancellationToken.None));

        Assert.Equal(FindingCodes.ReportDataTooLong, error.Code);
    }

    /// <summary>{"Attestation": {"document": document}} as the NSM answers.</summary>
    private static byte[] Respond(byte[] document)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteTextString("Attestation");
        writer.WriteStartMap(1);
        writer.WriteTextString("document");
        writer.WriteByteString(document);
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Stands for NSM_IOCTL_RAW: decodes the request the way the NSM would and returns the answer built for it.</summary>
    private sealed class FakeNsmTransport(Func<DecodedRequest, byte[]> answer) : INsmTransport
    {
        public List<byte[]> Requests { get; } = [];

        public Task<byte[]> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
        {
            Requests.Add(request.ToArray());
            return Task.FromResult(answer(DecodedRequest.Decode(request)));
        }
    }

    private sealed record DecodedRequest(byte[]? UserData, byte[]? Nonce, byte[]? PublicKey)
    {
        public static DecodedRequest Decode(ReadOnlyMemory<byte> request)
        {
            var reader = new CborReader(request, CborConformanceMode.Strict);
            reader.ReadStartMap();
            Assert.Equal("Attestation", reader.ReadTextString());
            reader.ReadStartMap();
            var fields = new Dictionary<string, byte[]?>();
            while (reader.PeekState() != CborReaderState.EndMap)
            {
                var key = reader.ReadTextString();
                if (reader.PeekState() == CborReaderState.Null)
                {
                    reader.ReadNull();
                    fields[key] = null;
                }
                else
                {
                    fields[key] = reader.ReadByteString();
                }
            }

            return new DecodedRequest(fields["user_data"], fields["nonce"], fields["public_key"]);
        }
    }
}

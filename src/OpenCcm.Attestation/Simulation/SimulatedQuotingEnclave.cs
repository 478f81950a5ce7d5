using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The simulated Quoting Enclave: checks a REPORT addressed to it (local attestation, §1.4) and turns it into a DCAP
/// ECDSA quote v3 laid out exactly as Intel's (evidence-formats.md §2.1, §2.2, §2.6): ISV signature by the
/// attestation key, QE REPORT_BODY binding that key, QE report signature by the PCK key, certification data type 5.
/// </summary>
internal sealed class SimulatedQuotingEnclave
{
    private const int HeaderSize = 48;
    private const int SignedSize = HeaderSize + SgxReportBody.Size;
    private const ushort QuoteVersion = 3;
    private const ushort EcdsaP256KeyType = 2;
    private const ushort PckChainCertificationDataType = 5;
    private const int SignatureSize = 64;

    private readonly SimulatedSgxPlatform _platform;
    private readonly SimulatedSgxState _state;
    private readonly byte[] _qeId;
    private readonly byte[] _attestationPublicKey;
    private readonly byte[] _certificationData;
    private readonly Lock _signing = new();

    public SimulatedQuotingEnclave(SimulatedSgxPlatform platform, SimulatedSgxState state, SimulatedEnclave identity)
    {
        _platform = platform;
        _state = state;
        Identity = identity;
        _qeId = SimulatedSgxPki.Derive(state.PlatformSecret, "QE-ID");
        var q = state.AttestationKey.ExportParameters(false).Q;
        _attestationPublicKey = [.. q.X!, .. q.Y!];
        _certificationData = Encoding.ASCII.GetBytes(string.Join(
            '\n',
            state.Pck.Certificate.ExportCertificatePem(),
            state.PckCa.Certificate.ExportCertificatePem(),
            state.Root.Certificate.ExportCertificatePem()) + "\n");
    }

    public SimulatedEnclave Identity { get; }

    /// <summary>The attestation public key X||Y (64 bytes, big-endian coordinates).</summary>
    public ReadOnlySpan<byte> AttestationPublicKey => _attestationPublicKey;

    public byte[] CreateQuote(ReadOnlySpan<byte> reportBytes)
    {
        if (reportBytes.Length != SgxReport.Size)
        {
            throw new ArgumentException($"An SGX REPORT is {SgxReport.Size} bytes, got {reportBytes.Length}.", nameof(reportBytes));
        }

        var report = SgxReport.Parse(reportBytes.ToArray());
        var reportKey = _platform.DeriveReportKey(Identity.TargetInfo, report.KeyId);
        try
        {
            if (!report.VerifyMac(reportKey))
            {
                throw new CryptographicException("The REPORT's MAC is invalid: it was altered or does not target the Quoting Enclave.");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(reportKey);
        }

        var authData = SimulatedSgxParameters.QeAuthData;
        var signatureDataLength = SignatureSize + _attestationPublicKey.Length + SgxReportBody.Size + SignatureSize
            + 2 + authData.Length + 2 + 4 + _certificationData.Length;
        var quote = new byte[SignedSize + 4 + signatureDataLength];
        WriteHeader(quote);
        report.Body.Raw.Span.CopyTo(quote.AsSpan(HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(quote.AsSpan(SignedSize), (uint)signatureDataLength);

        var offset = SignedSize + 4;
        var isvSignature = quote.AsSpan(offset, SignatureSize);
        offset += SignatureSize;
        _attestationPublicKey.CopyTo(quote, offset);
        offset += _attestationPublicKey.Length;

        // The QE's own REPORT_BODY binds the attestation key: REPORTDATA[0,32) = SHA-256(key || auth data), [32,64) zero.
        var binding = SHA256.HashData([.. _attestationPublicKey, .. authData]);
        var qeBody = Identity.CreateReportBody(binding);
        qeBody.CopyTo(quote, offset);
        offset += qeBody.Length;
        var qeSignature = quote.AsSpan(offset, SignatureSize);
        offset += SignatureSize;

        BinaryPrimitives.WriteUInt16LittleEndian(quote.AsSpan(offset), (ushort)authData.Length);
        authData.CopyTo(quote, offset + 2);
        offset += 2 + authData.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(quote.AsSpan(offset), PckChainCertificationDataType);
        BinaryPrimitives.WriteUInt32LittleEndian(quote.AsSpan(offset + 2), (uint)_certificationData.Length);
        _certificationData.CopyTo(quote, offset + 6);

        lock (_signing)
        {
            Sign(_state.AttestationKey, quote.AsSpan(0, SignedSize), isvSignature);
            Sign(_state.Pck.Key, qeBody, qeSignature);
        }

        return quote;
    }

    private void WriteHeader(Span<byte> quote)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(quote, QuoteVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(quote[2..], EcdsaP256KeyType);
        BinaryPrimitives.WriteUInt16LittleEndian(quote[8..], Identity.IsvSvn);
        BinaryPrimitives.WriteUInt16LittleEndian(quote[10..], _platform.PceSvn);
        SimulatedSgxParameters.IntelQeVendorId.CopyTo(quote[12..]);

        // user_data: the QE ID then zeros, as Intel's QE writes it.
        _qeId.CopyTo(quote[28..]);
    }

    private static void Sign(ECDsa key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var written = key.SignData(data, destination, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        if (written != SignatureSize)
        {
            throw new CryptographicException($"Expected a {SignatureSize}-byte P-256 signature, got {written}.");
        }
    }
}

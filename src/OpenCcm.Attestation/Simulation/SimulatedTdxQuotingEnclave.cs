using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Sgx.Dcap;
using OpenCcm.Attestation.Tdx;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The simulated TD Quoting Enclave: writes a TD report into a DCAP quote v4 (TD report 1.0) or v5 (body type 3, TD
/// report 1.5) laid out exactly as Intel's (evidence-formats.md §2.1, §2.3, §2.4): quote signature by the attestation
/// key over header and body, then certification data type 6 holding the QE REPORT_BODY that binds the key, its
/// signature by the PCK key, the QE auth data and the type-5 PEM chain (PCK leaf, PCK CA, root).
/// </summary>
internal sealed class SimulatedTdxQuotingEnclave
{
    private const int HeaderSize = QuoteHeader.Size;
    private const ushort TdReport15BodyType = 3;
    private const ushort QeReportCertificationDataType = 6;
    private const ushort PckChainCertificationDataType = 5;
    private const int SignatureSize = 64;

    private readonly SimulatedSgxState _pki;
    private readonly ECDsa _attestationKey;
    private readonly byte[] _qeId;
    private readonly byte[] _attestationPublicKey;
    private readonly byte[] _certificationData;
    private readonly Lock _signing = new();

    public SimulatedTdxQuotingEnclave(SimulatedSgxState pki, SimulatedTdxState state, ReadOnlySpan<byte> cpuSvn)
    {
        _pki = pki;
        _attestationKey = state.AttestationKey;
        _qeId = SimulatedSgxPki.Derive(pki.PlatformSecret, "TD-QE-ID");
        var q = state.AttestationKey.ExportParameters(false).Q;
        _attestationPublicKey = [.. q.X!, .. q.Y!];
        _certificationData = Encoding.ASCII.GetBytes(string.Join(
            '\n',
            pki.Pck.Certificate.ExportCertificatePem(),
            pki.PckCa.Certificate.ExportCertificatePem(),
            pki.Root.Certificate.ExportCertificatePem()) + "\n");
        Identity = new SimulatedEnclave(
            SimulatedTdxParameters.TdQeMrEnclave, SimulatedTdxParameters.TdQeMrSigner, SimulatedTdxParameters.TdQeIsvProdId,
            SimulatedTdxParameters.TdQeIsvSvn, cpuSvn, SimulatedSgxParameters.QeAttributeFlags);
    }

    public SimulatedEnclave Identity { get; }

    /// <summary>The attestation public key X||Y (64 bytes, big-endian coordinates).</summary>
    public ReadOnlySpan<byte> AttestationPublicKey => _attestationPublicKey;

    /// <summary>Quotes <paramref name="tdReportBody"/> (584 bytes → v4, 648 bytes → v5 body type 3).</summary>
    public byte[] CreateQuote(ReadOnlySpan<byte> tdReportBody)
    {
        var version5 = tdReportBody.Length switch
        {
            TdReportBody.Size10 => false,
            TdReportBody.Size15 => true,
            _ => throw new ArgumentException($"A TD report body is {TdReportBody.Size10} or {TdReportBody.Size15} bytes.", nameof(tdReportBody)),
        };

        // v5 inserts body type (u16) and body size (u32) between header and body; both are signed (§2.4).
        var bodyOffset = version5 ? HeaderSize + 6 : HeaderSize;
        var signedSize = bodyOffset + tdReportBody.Length;
        var authData = SimulatedTdxParameters.TdQeAuthData;
        var qeCertificationSize = SgxReportBody.Size + SignatureSize + 2 + authData.Length + 2 + 4 + _certificationData.Length;
        var signatureDataLength = SignatureSize + _attestationPublicKey.Length + 2 + 4 + qeCertificationSize;
        var quote = new byte[signedSize + 4 + signatureDataLength];
        WriteHeader(quote, version5 ? (ushort)5 : (ushort)4);
        if (version5)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(quote.AsSpan(HeaderSize), TdReport15BodyType);
            BinaryPrimitives.WriteUInt32LittleEndian(quote.AsSpan(HeaderSize + 2), (uint)tdReportBody.Length);
        }

        tdReportBody.CopyTo(quote.AsSpan(bodyOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(quote.AsSpan(signedSize), (uint)signatureDataLength);

        var offset = signedSize + 4;
        var quoteSignature = quote.AsSpan(offset, SignatureSize);
        offset += SignatureSize;
        _attestationPublicKey.CopyTo(quote, offset);
        offset += _attestationPublicKey.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(quote.AsSpan(offset), QeReportCertificationDataType);
        BinaryPrimitives.WriteUInt32LittleEndian(quote.AsSpan(offset + 2), (uint)qeCertificationSize);
        offset += 6;

        // The QE's REPORT_BODY binds the attestation key: REPORTDATA[0,32) = SHA-256(key || auth data), [32,64) zero.
        var qeBody = Identity.CreateReportBody(SHA256.HashData([.. _attestationPublicKey, .. authData]));
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
            Sign(_attestationKey, quote.AsSpan(0, signedSize), quoteSignature);
            Sign(_pki.Pck.Key, qeBody, qeSignature);
        }

        return quote;
    }

    // v4/v5 header: bytes 8..12 are reserved (zero), unlike v3's QE SVN and PCE SVN (§2.1).
    private void WriteHeader(Span<byte> quote, ushort version)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(quote, version);
        BinaryPrimitives.WriteUInt16LittleEndian(quote[2..], QuoteHeader.AttestationKeyTypeEcdsaP256);
        BinaryPrimitives.WriteUInt32LittleEndian(quote[4..], QuoteHeader.TeeTypeTdx);
        QuoteHeader.IntelQeVendorId.CopyTo(quote[12..]);

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

using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// Produces the simulated platform's collateral in Intel's PCS shapes (evidence-formats.md §4.1, §4.2, §5). The signed
/// JSON is written compact and the signature covers exactly the bytes of the <c>tcbInfo</c> / <c>enclaveIdentity</c>
/// value as they appear in the file.
/// </summary>
internal static class SimulatedSgxCollateralWriter
{
    public const string TcbInfoFile = "tcb_info.json";
    public const string QeIdentityFile = "qe_identity.json";
    public const string PckCrlFile = "pck_crl.der";
    public const string RootCrlFile = "root_ca_crl.der";
    public const string RootFile = "root_ca.pem";
    public const string TcbSigningChainFile = "tcb_signing_chain.pem";
    public const string PckCaChainFile = "pck_ca_chain.pem";

    private static readonly TimeSpan IssuedBefore = TimeSpan.FromHours(1);
    private static readonly TimeSpan ValidFor = TimeSpan.FromDays(30);

    public static SimulatedSgxCollateral Create(SimulatedSgxState state, SimulatedEnclave quotingEnclave, DateTimeOffset now)
    {
        var (issued, next) = Validity(now);
        var root = state.Root.Certificate.ExportCertificatePem() + "\n";
        return new SimulatedSgxCollateral(new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [TcbInfoFile] = Signed("tcbInfo", TcbInfo(issued, next), state.TcbSigning.Key),
            [QeIdentityFile] = Signed("enclaveIdentity", QeIdentity(quotingEnclave, issued, next), state.TcbSigning.Key),
            [PckCrlFile] = Crl(state.PckCa, issued, next),
            [RootCrlFile] = Crl(state.Root, issued, next),
            [RootFile] = Encoding.ASCII.GetBytes(root),
            [TcbSigningChainFile] = Encoding.ASCII.GetBytes(state.TcbSigning.Certificate.ExportCertificatePem() + "\n" + root),
            [PckCaChainFile] = Encoding.ASCII.GetBytes(state.PckCa.Certificate.ExportCertificatePem() + "\n" + root),
        });
    }

    /// <summary>Collateral made at <paramref name="now"/> is issued an hour before (whole seconds) and valid 30 days.</summary>
    internal static (DateTimeOffset Issued, DateTimeOffset Next) Validity(DateTimeOffset now)
    {
        var issued = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero) - IssuedBefore;
        return (issued, issued + IssuedBefore + ValidFor);
    }

    private static byte[] TcbInfo(DateTimeOffset issued, DateTimeOffset next) => Json(writer =>
    {
        writer.WriteString("id", "SGX");
        writer.WriteNumber("version", 3);
        writer.WriteString("issueDate", Date(issued));
        writer.WriteString("nextUpdate", Date(next));
        writer.WriteString("fmspc", Convert.ToHexStringLower(SimulatedSgxParameters.Fmspc));
        writer.WriteString("pceId", Convert.ToHexStringLower(SimulatedSgxParameters.PceId));
        writer.WriteNumber("tcbType", 0);
        writer.WriteNumber("tcbEvaluationDataNumber", SimulatedSgxParameters.TcbEvaluationDataNumber);
        writer.WriteStartArray("tcbLevels");
        TcbLevel(writer, SimulatedSgxParameters.TcbComponents, SimulatedSgxParameters.PceSvn, SimulatedSgxParameters.UpToDateTcbDate, TcbStatuses.UpToDate, null);
        TcbLevel(
            writer, SimulatedSgxParameters.OutOfDateTcbComponents, SimulatedSgxParameters.OutOfDatePceSvn, SimulatedSgxParameters.OutOfDateTcbDate,
            TcbStatuses.OutOfDate, SimulatedSgxParameters.OutOfDateAdvisory);
        writer.WriteEndArray();
    });

    /// <summary>One v3 TCB level; <paramref name="tdxComponents"/> (16 SVNs) is written for a TDX TCB info only.</summary>
    internal static void TcbLevel(
        Utf8JsonWriter writer, byte[] components, ushort pceSvn, DateTimeOffset date, string status, string? advisory, byte[]? tdxComponents = null)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("tcb");
        Components(writer, "sgxtcbcomponents", components);
        writer.WriteNumber("pcesvn", pceSvn);
        if (tdxComponents is not null)
        {
            Components(writer, "tdxtcbcomponents", tdxComponents);
        }

        writer.WriteEndObject();
        writer.WriteString("tcbDate", Date(date));
        writer.WriteString("tcbStatus", status);
        if (advisory is not null)
        {
            writer.WriteStartArray("advisoryIDs");
            writer.WriteStringValue(advisory);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static byte[] QeIdentity(SimulatedEnclave qe, DateTimeOffset issued, DateTimeOffset next) => Json(writer =>
    {
        writer.WriteString("id", "QE");
        writer.WriteNumber("version", 2);
        writer.WriteString("issueDate", Date(issued));
        writer.WriteString("nextUpdate", Date(next));
        writer.WriteNumber("tcbEvaluationDataNumber", SimulatedSgxParameters.TcbEvaluationDataNumber);
        Span<byte> miscSelect = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(miscSelect, qe.MiscSelect);
        writer.WriteString("miscselect", Convert.ToHexString(miscSelect));
        writer.WriteString("miscselectMask", "FFFFFFFF");
        writer.WriteString("attributes", SimulatedSgxParameters.QeIdentityAttributes);
        writer.WriteString("attributesMask", SimulatedSgxParameters.QeIdentityAttributesMask);
        writer.WriteString("mrsigner", Convert.ToHexString(qe.MrSigner.Span));
        writer.WriteNumber("isvprodid", qe.IsvProdId);
        writer.WriteStartArray("tcbLevels");
        IdentityLevel(writer, qe.IsvSvn, SimulatedSgxParameters.UpToDateTcbDate, TcbStatuses.UpToDate, null);
        IdentityLevel(writer, SimulatedSgxParameters.QeOutOfDateIsvSvn, SimulatedSgxParameters.OutOfDateTcbDate, TcbStatuses.OutOfDate, SimulatedSgxParameters.OutOfDateAdvisory);
        writer.WriteEndArray();
    });

    private static void Components(Utf8JsonWriter writer, string name, byte[] svns)
    {
        writer.WriteStartArray(name);
        foreach (var svn in svns)
        {
            writer.WriteStartObject();
            writer.WriteNumber("svn", svn);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    internal static void IdentityLevel(Utf8JsonWriter writer, ushort isvSvn, DateTimeOffset date, string status, string? advisory)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("tcb");
        writer.WriteNumber("isvsvn", isvSvn);
        writer.WriteEndObject();
        writer.WriteString("tcbDate", Date(date));
        writer.WriteString("tcbStatus", status);
        if (advisory is not null)
        {
            writer.WriteStartArray("advisoryIDs");
            writer.WriteStringValue(advisory);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes one compact JSON object.</summary>
    internal static byte[] Json(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"name":value,"signature":"hex r||s"}</c>, the signature over exactly <paramref name="value"/>'s bytes.</summary>
    internal static byte[] Signed(string name, byte[] value, ECDsa key)
    {
        var signature = key.SignData(value, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return [.. Encoding.ASCII.GetBytes($"{{\"{name}\":"), .. value, .. Encoding.ASCII.GetBytes($",\"signature\":\"{Convert.ToHexStringLower(signature)}\"}}")];
    }

    private static byte[] Crl(CertifiedKey issuer, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        var builder = new CertificateRevocationListBuilder();
        return builder.Build(
            issuer.Certificate.SubjectName,
            X509SignatureGenerator.CreateForECDsa(issuer.Key),
            new BigInteger(thisUpdate.ToUnixTimeSeconds()),
            nextUpdate,
            HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false),
            thisUpdate);
    }

    internal static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

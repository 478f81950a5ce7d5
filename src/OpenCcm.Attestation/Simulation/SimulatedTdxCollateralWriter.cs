using System.Text.Json;
using OpenCcm.Attestation.Intel;
using static OpenCcm.Attestation.Simulation.SimulatedSgxCollateralWriter;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// Produces the TDX half of a simulated platform's collateral in Intel's PCS shapes (evidence-formats.md §4.1, §4.2):
/// TCB info v3 with id "TDX" (module identity TDX_01, TDX TCB levels) and the TD_QE identity v2, both signed by the
/// simulated TCB Signing key over the exact compact bytes written. Dates and validity are the SGX collateral's.
/// </summary>
internal static class SimulatedTdxCollateralWriter
{
    public const string TcbInfoFile = "tdx_tcb_info.json";
    public const string TdQeIdentityFile = "td_qe_identity.json";

    public static Dictionary<string, byte[]> Create(SimulatedSgxState pki, SimulatedEnclave tdQuotingEnclave, DateTimeOffset now)
    {
        var (issued, next) = Validity(now);
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [TcbInfoFile] = Signed("tcbInfo", TcbInfo(issued, next), pki.TcbSigning.Key),
            [TdQeIdentityFile] = Signed("enclaveIdentity", TdQeIdentity(tdQuotingEnclave, issued, next), pki.TcbSigning.Key),
        };
    }

    private static byte[] TcbInfo(DateTimeOffset issued, DateTimeOffset next) => Json(writer =>
    {
        writer.WriteString("id", "TDX");
        writer.WriteNumber("version", 3);
        writer.WriteString("issueDate", Date(issued));
        writer.WriteString("nextUpdate", Date(next));
        writer.WriteString("fmspc", Convert.ToHexStringLower(SimulatedSgxParameters.Fmspc));
        writer.WriteString("pceId", Convert.ToHexStringLower(SimulatedSgxParameters.PceId));
        writer.WriteNumber("tcbType", 0);
        writer.WriteNumber("tcbEvaluationDataNumber", SimulatedSgxParameters.TcbEvaluationDataNumber);

        // tdxModule applies to modules of major version 0; ours (1) is judged by its identity TDX_01.
        writer.WriteStartObject("tdxModule");
        ModuleSigner(writer);
        writer.WriteEndObject();
        writer.WriteStartArray("tdxModuleIdentities");
        writer.WriteStartObject();
        writer.WriteString("id", $"TDX_{SimulatedTdxParameters.ModuleMajorVersion:X2}");
        ModuleSigner(writer);
        writer.WriteStartArray("tcbLevels");
        IdentityLevel(writer, SimulatedTdxParameters.ModuleSvn, SimulatedSgxParameters.UpToDateTcbDate, TcbStatuses.UpToDate, null);
        IdentityLevel(
            writer, SimulatedTdxParameters.ModuleOutOfDateSvn, SimulatedSgxParameters.OutOfDateTcbDate, TcbStatuses.OutOfDate,
            SimulatedSgxParameters.OutOfDateAdvisory);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteStartArray("tcbLevels");
        TcbLevel(
            writer, SimulatedSgxParameters.TcbComponents, SimulatedSgxParameters.PceSvn, SimulatedSgxParameters.UpToDateTcbDate,
            TcbStatuses.UpToDate, null, SimulatedTdxParameters.TdxTcbComponents);
        TcbLevel(
            writer, SimulatedSgxParameters.OutOfDateTcbComponents, SimulatedSgxParameters.OutOfDatePceSvn, SimulatedSgxParameters.OutOfDateTcbDate,
            TcbStatuses.OutOfDate, SimulatedSgxParameters.OutOfDateAdvisory, SimulatedTdxParameters.OutOfDateTdxTcbComponents);
        writer.WriteEndArray();
    });

    private static void ModuleSigner(Utf8JsonWriter writer)
    {
        writer.WriteString("mrsigner", Convert.ToHexString(SimulatedTdxParameters.MrSignerSeam));
        writer.WriteString("attributes", Convert.ToHexString(SimulatedTdxParameters.SeamAttributes));
        writer.WriteString("attributesMask", Convert.ToHexString(SimulatedTdxParameters.SeamAttributesMask));
    }

    private static byte[] TdQeIdentity(SimulatedEnclave qe, DateTimeOffset issued, DateTimeOffset next) => Json(writer =>
    {
        writer.WriteString("id", "TD_QE");
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
        IdentityLevel(
            writer, SimulatedTdxParameters.TdQeOutOfDateIsvSvn, SimulatedSgxParameters.OutOfDateTcbDate, TcbStatuses.OutOfDate,
            SimulatedSgxParameters.OutOfDateAdvisory);
        writer.WriteEndArray();
    });
}

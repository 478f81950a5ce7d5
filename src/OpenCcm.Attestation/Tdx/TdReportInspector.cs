namespace OpenCcm.Attestation.Tdx;

/// <summary>The fields of a TD report body, for <c>ccm evidence inspect</c>.</summary>
internal static class TdReportInspector
{
    public static IReadOnlyDictionary<string, object?> Describe(TdReportBody body)
    {
        var map = new Dictionary<string, object?>(body.ToClaims().ToDictionary())
        {
            ["reportVersion"] = body.IsVersion15 ? "1.5" : "1.0",
        };
        return map;
    }
}

namespace OpenCcm.Attestation.Tdx;

/// <summary>What a TDX quote says about a trust domain (DESIGN.md §4 names, plus the other TD report fields).</summary>
public sealed class TdxClaims : IEvidenceClaims
{
    internal TdxClaims(TdReportBody body)
    {
        MrTd = body.MrTd.ToArray();
        Rtmrs = [body.Rtmr(0).ToArray(), body.Rtmr(1).ToArray(), body.Rtmr(2).ToArray(), body.Rtmr(3).ToArray()];
        MrSeam = body.MrSeam.ToArray();
        MrSignerSeam = body.MrSignerSeam.ToArray();
        ReportData = body.ReportData.ToArray();
        TdAttributes = body.TdAttributes.ToArray();
        SeamAttributes = body.SeamAttributes.ToArray();
        Xfam = body.Xfam.ToArray();
        TeeTcbSvn = body.TeeTcbSvn.ToArray();
        MrConfigId = body.MrConfigId.ToArray();
        MrOwner = body.MrOwner.ToArray();
        MrOwnerConfig = body.MrOwnerConfig.ToArray();
        TeeTcbSvn2 = body.IsVersion15 ? body.TeeTcbSvn2.ToArray() : null;
        MrServiceTd = body.IsVersion15 ? body.MrServiceTd.ToArray() : null;
        Debug = body.Debug;
    }

    public byte[] MrTd { get; }

    public IReadOnlyList<byte[]> Rtmrs { get; }

    public byte[] MrSeam { get; }

    public byte[] MrSignerSeam { get; }

    public byte[] ReportData { get; }

    public byte[] TdAttributes { get; }

    public byte[] SeamAttributes { get; }

    public byte[] Xfam { get; }

    public byte[] TeeTcbSvn { get; }

    public byte[] MrConfigId { get; }

    public byte[] MrOwner { get; }

    public byte[] MrOwnerConfig { get; }

    public byte[]? TeeTcbSvn2 { get; }

    public byte[]? MrServiceTd { get; }

    public bool Debug { get; }

    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var map = new Dictionary<string, object?>
        {
            ["mrTd"] = Bytes.Hex(MrTd),
            ["rtmr0"] = Bytes.Hex(Rtmrs[0]),
            ["rtmr1"] = Bytes.Hex(Rtmrs[1]),
            ["rtmr2"] = Bytes.Hex(Rtmrs[2]),
            ["rtmr3"] = Bytes.Hex(Rtmrs[3]),
            ["mrSeam"] = Bytes.Hex(MrSeam),
            ["reportData"] = Bytes.Hex(ReportData),
            ["tdAttributes"] = Bytes.Hex(TdAttributes),
            ["debug"] = Debug,
            ["mrSignerSeam"] = Bytes.Hex(MrSignerSeam),
            ["seamAttributes"] = Bytes.Hex(SeamAttributes),
            ["xfam"] = Bytes.Hex(Xfam),
            ["teeTcbSvn"] = Bytes.Hex(TeeTcbSvn),
            ["mrConfigId"] = Bytes.Hex(MrConfigId),
            ["mrOwner"] = Bytes.Hex(MrOwner),
            ["mrOwnerConfig"] = Bytes.Hex(MrOwnerConfig),
        };
        if (TeeTcbSvn2 is not null)
        {
            map["teeTcbSvn2"] = Bytes.Hex(TeeTcbSvn2);
            map["mrServiceTd"] = Bytes.Hex(MrServiceTd!);
        }

        return map;
    }
}

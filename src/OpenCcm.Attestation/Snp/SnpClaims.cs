namespace OpenCcm.Attestation.Snp;

/// <summary>
/// What an SEV-SNP report says about the guest. The DESIGN.md §4 claims are measurement, hostData, reportData,
/// chipId, policy, vmpl and reportedTcb; the rest are extras. <c>policy</c> is the raw POLICY as a hex string
/// ("0x30000", like AMD's tools print it), with the decoded bits in <c>policyFlags</c>. TCB values are maps of the
/// decoded components (bootLoader, tee, snp, microcode, and fmc on Turin) plus <c>raw</c> as 16 hex digits.
/// </summary>
public sealed class SnpClaims : IEvidenceClaims
{
    public SnpClaims(SnpReport report, SnpProduct product)
    {
        Report = report;
        Product = product;
    }

    /// <summary>The parsed report the claims come from.</summary>
    public SnpReport Report { get; }

    /// <summary>The product the TCB values were decoded for.</summary>
    public SnpProduct Product { get; }

    public byte[] Measurement => Report.Measurement;

    public byte[] HostData => Report.HostData;

    public byte[] ReportData => Report.ReportData;

    public byte[] ChipId => Report.ChipId;

    public SnpGuestPolicy Policy => Report.Policy;

    public uint Vmpl => Report.Vmpl;

    public uint GuestSvn => Report.GuestSvn;

    public SnpSigningKey SigningKey => Report.SignerInfo.SigningKey;

    public SnpTcbVersion ReportedTcb => SnpTcbVersion.Decode(Report.ReportedTcb, Product);

    public SnpTcbVersion CurrentTcb => SnpTcbVersion.Decode(Report.CurrentTcb, Product);

    public SnpTcbVersion CommittedTcb => SnpTcbVersion.Decode(Report.CommittedTcb, Product);

    public SnpTcbVersion LaunchTcb => SnpTcbVersion.Decode(Report.LaunchTcb, Product);

    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var map = new Dictionary<string, object?>
        {
            ["measurement"] = Bytes.Hex(Measurement),
            ["hostData"] = Bytes.Hex(HostData),
            ["reportData"] = Bytes.Hex(ReportData),
            ["chipId"] = Bytes.Hex(ChipId),
            ["policy"] = Policy.Hex,
            ["vmpl"] = Vmpl,
            ["reportedTcb"] = ReportedTcb.ToDictionary(),
            ["version"] = Report.Version,
            ["guestSvn"] = GuestSvn,
            ["debug"] = Policy.DebugAllowed,
            ["policyFlags"] = Policy.ToDictionary(),
            ["product"] = SnpProducts.Name(Product),
            ["signingKey"] = SigningKey switch { SnpSigningKey.Vcek => "vcek", SnpSigningKey.Vlek => "vlek", _ => "none" },
            ["currentTcb"] = CurrentTcb.ToDictionary(),
            ["committedTcb"] = CommittedTcb.ToDictionary(),
            ["launchTcb"] = LaunchTcb.ToDictionary(),
            ["platformInfo"] = Report.PlatformInfo.Hex,
            ["familyId"] = Bytes.Hex(Report.FamilyId),
            ["imageId"] = Bytes.Hex(Report.ImageId),
            ["idKeyDigest"] = Bytes.Hex(Report.IdKeyDigest),
            ["authorKeyDigest"] = Bytes.Hex(Report.AuthorKeyDigest),
            ["reportId"] = Bytes.Hex(Report.ReportId),
            ["reportIdMa"] = Bytes.Hex(Report.ReportIdMa),
            ["currentFirmware"] = Report.CurrentFirmware.ToString(),
            ["committedFirmware"] = Report.CommittedFirmware.ToString(),
        };
        if (Report.Version >= 3)
        {
            map["cpuid"] = Bytes.Hex([Report.CpuidFamily, Report.CpuidModel, Report.CpuidStepping]);
        }

        if (Report.LaunchMitigationVector is { } launchMit && Report.CurrentMitigationVector is { } currentMit)
        {
            map["launchMitVector"] = $"0x{launchMit:x16}";
            map["currentMitVector"] = $"0x{currentMit:x16}";
        }

        return map;
    }
}

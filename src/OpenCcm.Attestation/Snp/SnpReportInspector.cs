namespace OpenCcm.Attestation.Snp;

/// <summary>The parsed fields of an SEV-SNP report, for <c>ccm evidence inspect</c>. Nothing here is verified.</summary>
public sealed class SnpReportInspector : IEvidenceInspector
{
    public IReadOnlyDictionary<string, object?> Inspect(ReadOnlyMemory<byte> evidence)
    {
        var report = SnpReport.Parse(evidence);
        // Without a VEK, only v3+ CPUID names the product; TCBs of an unknown product are read in the Milan/Genoa layout.
        var product = report.CpuidProduct;
        var map = new Dictionary<string, object?>
        {
            ["version"] = report.Version,
            ["guestSvn"] = report.GuestSvn,
            ["policy"] = report.Policy.Hex,
            ["policyFlags"] = report.Policy.ToDictionary(),
            ["familyId"] = Bytes.Hex(report.FamilyId),
            ["imageId"] = Bytes.Hex(report.ImageId),
            ["vmpl"] = report.Vmpl,
            ["signatureAlgorithm"] = report.SignatureAlgorithm,
            ["currentTcb"] = SnpTcbVersion.Decode(report.CurrentTcb, product).ToDictionary(),
            ["platformInfo"] = report.PlatformInfo.Hex,
            ["platformInfoFlags"] = report.PlatformInfo.ToDictionary(),
            ["signerInfo"] = new Dictionary<string, object?>
            {
                ["raw"] = report.SignerInfo.Hex,
                ["signingKey"] = report.SignerInfo.SigningKey.ToString(),
                ["chipIdMasked"] = report.SignerInfo.ChipIdMasked,
                ["authorKeyEnabled"] = report.SignerInfo.AuthorKeyEnabled,
            },
            ["reportData"] = Bytes.Hex(report.ReportData),
            ["measurement"] = Bytes.Hex(report.Measurement),
            ["hostData"] = Bytes.Hex(report.HostData),
            ["idKeyDigest"] = Bytes.Hex(report.IdKeyDigest),
            ["authorKeyDigest"] = Bytes.Hex(report.AuthorKeyDigest),
            ["reportId"] = Bytes.Hex(report.ReportId),
            ["reportIdMa"] = Bytes.Hex(report.ReportIdMa),
            ["reportedTcb"] = SnpTcbVersion.Decode(report.ReportedTcb, product).ToDictionary(),
            ["cpuid"] = Bytes.Hex([report.CpuidFamily, report.CpuidModel, report.CpuidStepping]),
            ["product"] = SnpProducts.Name(product),
            ["chipId"] = Bytes.Hex(report.ChipId),
            ["committedTcb"] = SnpTcbVersion.Decode(report.CommittedTcb, product).ToDictionary(),
            ["currentFirmware"] = report.CurrentFirmware.ToString(),
            ["committedFirmware"] = report.CommittedFirmware.ToString(),
            ["launchTcb"] = SnpTcbVersion.Decode(report.LaunchTcb, product).ToDictionary(),
            ["launchMitVector"] = report.LaunchMitigationVector is { } launch ? $"0x{launch:x16}" : null,
            ["currentMitVector"] = report.CurrentMitigationVector is { } current ? $"0x{current:x16}" : null,
            ["trailingBytes"] = report.TrailingByteCount,
        };
        if (report.SignatureAlgorithm == SnpReport.EcdsaP384Sha384)
        {
            var signature = report.SignatureP1363();
            map["signature"] = new Dictionary<string, object?> { ["r"] = Bytes.Hex(signature.AsSpan(0, 48)), ["s"] = Bytes.Hex(signature.AsSpan(48)) };
        }
        else
        {
            map["signature"] = Bytes.Hex(report.RawSignature.Span);
        }

        return map;
    }
}

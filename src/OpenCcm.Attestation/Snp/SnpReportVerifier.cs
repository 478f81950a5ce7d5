using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Snp;

/// <summary>
/// Verifies the authenticity of an AMD SEV-SNP attestation report (evidence-formats.md §8.5): structure, the
/// endorsement key (VCEK or VLEK, found by content among <see cref="VerificationContext.CertificateChain"/> and
/// <see cref="VerificationContext.Collateral"/>), its chain VCEK → ASK → ARK or VLEK → ASVK → ARK to the pinned ARK
/// of the product at the verification time, revocation of the ASK/ASVK when an ARK-signed CRL is given, the report
/// signature, and the VEK's TCB (and, for a VCEK, hwID) against the report. Guest policy (debug, VMPL, measurement,
/// minimum TCB) is judged separately by <see cref="SnpPolicy"/>.
/// </summary>
/// <remarks>
/// Simulated evidence (a VEK carrying <see cref="OpenCcmOids.SimulatedTee"/>) is trusted only when
/// <see cref="VerificationContext.AllowSimulated"/> is set and the chain ends at a self-signed, marked root given in
/// <see cref="VerificationContext.SimulatedRoots"/> or found in the collateral (so the CLI's <c>--allow-simulated
/// --collateral DIR</c> works); otherwise it fails with <see cref="FindingCodes.SimulatedRootNotTrusted"/>.
/// </remarks>
public sealed class SnpReportVerifier : IEvidenceVerifier, IEvidenceParser, IEvidenceInspector
{
    private readonly SnpTrustRoots _roots;
    private readonly SnpChainChecker _chains = new();

    public SnpReportVerifier()
        : this(SnpTrustRoots.Amd)
    {
    }

    /// <summary>A verifier pinned to other ARKs (tests).</summary>
    public SnpReportVerifier(SnpTrustRoots roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        _roots = roots;
    }

    public string Format => EvidenceFormats.SnpReport;

    public object ParseUnverified(ReadOnlyMemory<byte> evidence) => SnpReport.Parse(evidence);

    public IReadOnlyDictionary<string, object?> Inspect(ReadOnlyMemory<byte> evidence) => new SnpReportInspector().Inspect(evidence);

    public bool LooksLike(ReadOnlySpan<byte> evidence) =>
        evidence.Length >= SnpReport.Size
        && BinaryPrimitives.ReadUInt32LittleEndian(evidence) is >= 2 and <= 5
        && BinaryPrimitives.ReadUInt32LittleEndian(evidence[0x34..]) == SnpReport.EcdsaP384Sha384
        && (evidence[0x0A] & 0x02) != 0 // POLICY bit 17 (reserved, must be 1)
        && !evidence[0x4C..0x50].ContainsAnyExcept((byte)0);

    public AttestationVerdict Verify(ReadOnlyMemory<byte> evidence, VerificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SnpReport report;
        try
        {
            report = SnpReport.Parse(evidence);
        }
        catch (EvidenceFormatException e)
        {
            return VerdictBuilder.Malformed(Format, e);
        }

        var builder = new VerdictBuilder(Format);
        try
        {
            Verify(report, context, builder);
        }
        catch (EvidenceFormatException e)
        {
            builder.Error(e.Code, e.Message);
        }
        catch (CryptographicException e)
        {
            builder.Error(FindingCodes.SnpVekInvalid, "The endorsement key could not be used: " + e.Message);
        }

        return builder.Build();
    }

    private void Verify(SnpReport report, VerificationContext context, VerdictBuilder builder)
    {
        builder.Claims = new SnpClaims(report, report.CpuidProduct);
        RecordStructure(report, builder);
        if (report.SignatureAlgorithm != SnpReport.EcdsaP384Sha384)
        {
            builder.Error(FindingCodes.SnpSignatureAlgorithmUnsupported, $"SIGNATURE_ALGO {report.SignatureAlgorithm} is not 1 (ECDSA P-384 SHA-384).");
            return;
        }

        if (report.SignerInfo.SigningKey == SnpSigningKey.None)
        {
            builder.Error(FindingCodes.SnpReportUnsigned, "SIGNER_INFO says the report is not signed (SIGNING_KEY 7).");
            return;
        }

        var certificates = context.CertificateChain.Concat(context.Collateral.Certificates).ToArray();
        var vek = SnpVekSelector.Select(report, certificates, builder);
        if (vek is null)
        {
            return;
        }

        var product = DetermineProduct(report, vek, builder);
        if (product == SnpProduct.Unknown)
        {
            return;
        }

        builder.Claims = new SnpClaims(report, product);
        CheckChain(vek, product, certificates, context, builder);
        CheckSignature(report, vek, builder);
        CheckTcb(report, vek, product, builder);
        CheckChipId(report, vek, product, builder);
        builder.Complete();
    }

    private static void RecordStructure(SnpReport report, VerdictBuilder builder)
    {
        if (report.TrailingByteCount > 0)
        {
            builder.Warning(FindingCodes.TrailingData, $"{report.TrailingByteCount} bytes after the {SnpReport.Size}-byte report were ignored (not signed).");
        }

        if (report.Policy.UnknownBits != 0)
        {
            builder.Warning(FindingCodes.SnpUnknownFlags, $"POLICY {report.Policy.Hex} sets bits this verifier does not know (0x{report.Policy.UnknownBits:x}).");
        }

        if (report.PlatformInfo.UnknownBits != 0)
        {
            builder.Warning(FindingCodes.SnpUnknownFlags, $"PLATFORM_INFO {report.PlatformInfo.Hex} sets bits this verifier does not know (0x{report.PlatformInfo.UnknownBits:x}).");
        }
    }

    // The CPUID fields (v3+) name the product; v2 reports carry none, so the VEK's AMD-signed productName does.
    private static SnpProduct DetermineProduct(SnpReport report, SnpVekCertificate vek, VerdictBuilder builder)
    {
        var fromCpuid = report.CpuidProduct;
        var fromVek = vek.Product;
        if (fromCpuid != SnpProduct.Unknown && fromVek != SnpProduct.Unknown && fromCpuid != fromVek)
        {
            builder.Error(FindingCodes.SnpProductMismatch, $"The report's CPUID says {fromCpuid} but the {vek.Kind} is for '{vek.ProductName}'.");
            return SnpProduct.Unknown;
        }

        var product = fromCpuid != SnpProduct.Unknown ? fromCpuid : fromVek;
        if (product == SnpProduct.Unknown)
        {
            builder.Error(
                FindingCodes.SnpProductUnknown,
                $"Neither the report (CPUID {report.CpuidFamily:x2}{report.CpuidModel:x2}{report.CpuidStepping:x2}) nor the {vek.Kind} productName '{vek.ProductName}' names a known product.");
        }

        return product;
    }

    private void CheckChain(SnpVekCertificate vek, SnpProduct product, X509Certificate2[] certificates, VerificationContext context, VerdictBuilder builder)
    {
        if (vek.IsSimulated)
        {
            builder.Simulated = true;
            builder.Warning(FindingCodes.SimulatedEvidence, "The report is signed by a simulated SEV-SNP platform, not AMD hardware.");
            var anchors = context.AllowSimulated ? SimulatedAnchors(context, certificates) : [];
            if (anchors.Length == 0)
            {
                builder.Error(FindingCodes.SimulatedRootNotTrusted, context.AllowSimulated
                    ? "The report comes from a simulated platform whose root is neither in the simulated roots nor in the collateral."
                    : "The report comes from a simulated platform and simulation is not allowed.");
                return;
            }

            _chains.Check(vek, product, certificates, anchors, context, builder, simulated: true);
            return;
        }

        if (_roots.Ark(product) is not { } ark)
        {
            builder.Error(FindingCodes.CertificateChainUntrusted, $"No ARK is pinned for {product}.");
            return;
        }

        _chains.Check(vek, product, certificates, [ark], context, builder, simulated: false);
    }

    private static X509Certificate2[] SimulatedAnchors(VerificationContext context, X509Certificate2[] certificates) =>
        context.SimulatedRoots.Concat(certificates)
            .Where(c => c.Extensions[OpenCcmOids.SimulatedTee] is not null && c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData))
            .ToArray();

    private static void CheckSignature(SnpReport report, SnpVekCertificate vek, VerdictBuilder builder)
    {
        using var key = vek.Certificate.GetECDsaPublicKey();
        if (!SnpVekSelector.IsP384(key))
        {
            builder.Error(FindingCodes.SnpVekInvalid, $"The {vek.Kind} key is not an ECDSA P-384 key.");
            return;
        }

        if (!key!.VerifyData(report.SignedBytes.Span, report.SignatureP1363(), HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            builder.Error(FindingCodes.SignatureInvalid, $"The report signature does not verify with the {vek.Kind} key.");
        }
    }

    private static void CheckTcb(SnpReport report, SnpVekCertificate vek, SnpProduct product, VerdictBuilder builder)
    {
        var reported = SnpTcbVersion.Decode(report.ReportedTcb, product);
        if (vek.Tcb(product) is not { } endorsed)
        {
            builder.Error(FindingCodes.SnpVekInvalid, $"The {vek.Kind} lacks a TCB SPL extension (blSPL, teeSPL, snpSPL, ucodeSPL{(product == SnpProduct.Turin ? ", fmcSPL" : string.Empty)}).");
            return;
        }

        if (!SnpVekSelector.SameTcb(endorsed, reported))
        {
            builder.Error(FindingCodes.SnpTcbMismatch, $"The {vek.Kind} is for TCB {endorsed} but the report's REPORTED_TCB is {reported}.");
        }
    }

    private static void CheckChipId(SnpReport report, SnpVekCertificate vek, SnpProduct product, VerdictBuilder builder)
    {
        if (vek.Kind != SnpSigningKey.Vcek)
        {
            return; // a VLEK belongs to a cloud provider, not a chip: it has no hwID
        }

        if (report.SignerInfo.ChipIdMasked)
        {
            builder.Info(FindingCodes.SnpChipIdMasked, "CHIP_ID is masked (MASK_CHIP_KEY); the VCEK's hwID cannot be compared.");
            return;
        }

        if (vek.HwId is not { } hwId)
        {
            builder.Error(FindingCodes.SnpVekInvalid, "The VCEK lacks the hwID extension.");
            return;
        }

        if (!SnpVekSelector.HwIdMatches(hwId, report.ChipId, product))
        {
            builder.Error(FindingCodes.SnpChipIdMismatch, $"The VCEK is for chip {Bytes.Hex(hwId)} but the report's CHIP_ID is {Bytes.Hex(report.ChipId)}.");
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Snp;

/// <summary>
/// Finds the endorsement key certificate of a report among the certificates a caller supplied (a collateral
/// directory may hold VCEKs of many chips and TCBs): candidates of the kind SIGNER_INFO names, preferring the one
/// whose key verifies the report, then one whose hwID and TCB match.
/// </summary>
internal static class SnpVekSelector
{
    private const string P384Oid = "1.3.132.0.34";

    public static SnpVekCertificate? Select(SnpReport report, IReadOnlyList<X509Certificate2> certificates, VerdictBuilder builder)
    {
        var kind = report.SignerInfo.SigningKey;
        var candidates = new List<SnpVekCertificate>();
        string? malformed = null;
        foreach (var certificate in certificates.Where(c => SnpVekCertificate.KindOf(c) == kind))
        {
            if (candidates.Exists(v => v.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)))
            {
                continue;
            }

            try
            {
                candidates.Add(SnpVekCertificate.Parse(certificate));
            }
            catch (EvidenceFormatException e)
            {
                malformed ??= e.Message;
            }
        }

        if (candidates.Count == 0)
        {
            var name = kind == SnpSigningKey.Vlek ? SnpCertificateNames.Vlek : SnpCertificateNames.Vcek;
            if (malformed is not null)
            {
                builder.Error(FindingCodes.SnpVekInvalid, malformed);
            }
            else
            {
                builder.Error(FindingCodes.SnpVekMissing, $"The report is signed by a {kind} but no '{name}' certificate was given (AMD KDS serves it).");
            }

            return null;
        }

        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var ordered = candidates.OrderByDescending(v => Affinity(report, v)).ToList();
        return ordered.Find(v => Verifies(report, v)) ?? ordered[0];
    }

    public static bool IsP384(ECDsa? key)
    {
        if (key is null || key.KeySize != 384)
        {
            return false;
        }

        var oid = key.ExportParameters(false).Curve.Oid;
        return oid.Value == P384Oid || oid.FriendlyName is "nistP384" or "secp384r1" or "ECDSA_P384";
    }

    public static bool SameTcb(SnpTcbVersion a, SnpTcbVersion b) =>
        a.BootLoader == b.BootLoader && a.Tee == b.Tee && a.Snp == b.Snp && a.Microcode == b.Microcode && a.Fmc == b.Fmc;

    /// <summary>hwID is the 64-byte CHIP_ID; on Turin only its first 8 bytes are significant and hwID has 8.</summary>
    public static bool HwIdMatches(ReadOnlySpan<byte> hwId, ReadOnlySpan<byte> chipId, SnpProduct product) =>
        hwId.Length == 8 && product == SnpProduct.Turin ? hwId.SequenceEqual(chipId[..8]) : hwId.SequenceEqual(chipId);

    private static int Affinity(SnpReport report, SnpVekCertificate vek)
    {
        var product = report.CpuidProduct != SnpProduct.Unknown ? report.CpuidProduct : vek.Product;
        var score = 0;
        if (vek.HwId is { } hwId && HwIdMatches(hwId, report.ChipId, product))
        {
            score += 2;
        }

        if (vek.Tcb(product) is { } tcb && SameTcb(tcb, SnpTcbVersion.Decode(report.ReportedTcb, product)))
        {
            score++;
        }

        return score;
    }

    private static bool Verifies(SnpReport report, SnpVekCertificate vek)
    {
        try
        {
            using var key = vek.Certificate.GetECDsaPublicKey();
            return IsP384(key) && key!.VerifyData(
                report.SignedBytes.Span, report.SignatureP1363(), HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

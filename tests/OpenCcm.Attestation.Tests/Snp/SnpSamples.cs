using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OpenCcm.Attestation.Snp;

namespace OpenCcm.Attestation.Tests.Snp;

/// <summary>The real SEV-SNP samples (shared/testdata/evidence/sev-snp) and their pinned verification times.</summary>
internal static class SnpSamples
{
    public const string MilanVcek = "A_gosevguest_milan_vcek";
    public const string MilanVlek = "C_trustee_milan_vlek_aws";

    public static readonly SnpReportVerifier Verifier = new();

    public static DateTimeOffset PinnedTime(string sample) => sample switch
    {
        MilanVcek => new DateTimeOffset(2022, 9, 24, 1, 0, 0, TimeSpan.Zero),
        MilanVlek => new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero),
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };

    public static byte[] ReportBytes(string sample) => TestData.Bytes("sev-snp", sample, "report.bin");

    public static CollateralSet Collateral(string sample) => CollateralSet.LoadDirectories([TestData.Path("sev-snp", sample)]);

    public static IReadOnlyList<X509Certificate2> Certificates(string sample) => Collateral(sample).Certificates;

    public static VerificationContext Context(string sample, DateTimeOffset? time = null) =>
        new() { Time = time ?? PinnedTime(sample), Collateral = Collateral(sample) };

    public static VerificationContext Context(string sample, IEnumerable<X509Certificate2> certificates, DateTimeOffset? time = null)
    {
        var builder = new CollateralSet.Builder();
        foreach (var certificate in certificates)
        {
            builder.AddCertificate(certificate);
        }

        return new VerificationContext { Time = time ?? PinnedTime(sample), Collateral = builder.Build() };
    }

    public static JsonElement Expected(string sample)
    {
        using var document = JsonDocument.Parse(TestData.Bytes("sev-snp", sample, "expected.json"));
        return document.RootElement.Clone();
    }

    public static X509Certificate2 CertificateNamed(string sample, string commonName) =>
        Certificates(sample).Single(c => SnpCertificateNames.CommonName(c) == commonName);

    public static byte[] Flip(byte[] report, int offset)
    {
        var copy = (byte[])report.Clone();
        copy[offset] ^= 0x01;
        return copy;
    }
}

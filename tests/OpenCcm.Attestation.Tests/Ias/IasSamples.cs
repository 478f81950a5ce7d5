using System.Text;
using System.Text.Json;
using OpenCcm.Attestation.Ias;

namespace OpenCcm.Attestation.Tests.Ias;

/// <summary>The oasis-core AVR sample (sgx-epid-ias/A_oasis_avr_v4_v5) packed as ias-report evidence.</summary>
internal static class IasSamples
{
    public const string Folder = "A_oasis_avr_v4_v5";

    /// <summary>Inside the signing certificate's validity (2016-11-22 .. 2026-11-20T09:36:58Z), after both reports.</summary>
    public static readonly DateTimeOffset PinnedTime = new(2023, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset SigningCertificateNotAfter = new(2026, 11, 20, 9, 36, 58, TimeSpan.Zero);

    public static readonly JsonElement Expected = JsonDocument.Parse(File("expected.json")).RootElement;

    public static byte[] Body(string version) => File($"avr_{version}_body.json");

    public static string Signature(string version) => Encoding.ASCII.GetString(File($"avr_{version}_body.sig"));

    public static string UrlEncodedCertificates => Encoding.ASCII.GetString(File("avr_certificates_urlencoded.pem"));

    public static string PemCertificates => Encoding.ASCII.GetString(File("avr_certificates.pem"));

    public static byte[] Bundle(string version, string? certificates) => IasReportBundle.Create(Body(version), Signature(version), certificates);

    public static byte[] Bundle(string version) => Bundle(version, UrlEncodedCertificates);

    public static VerificationContext Context(DateTimeOffset? time = null) => new() { Time = time ?? PinnedTime };

    private static byte[] File(string name) => TestData.Bytes("sgx-epid-ias", Folder, name);
}

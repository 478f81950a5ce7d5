using System.Text;
using OpenCcm.Attestation.Ias;

namespace OpenCcm.Attestation.Tests.Ias;

public sealed class IasReportParseTests
{
    private static IasReport ParseWith(string from, string to) =>
        IasReport.Parse(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(IasSamples.Body("v4")).Replace(from, to, StringComparison.Ordinal)));

    [Theory]
    [InlineData("2020-05-11T09:21:15", 0)]
    [InlineData("2020-05-11T09:21:15.5", 5_000_000)]
    public void Timestamps_are_UTC_with_an_optional_fraction(string timestamp, long fractionTicks)
    {
        var report = ParseWith("2020-05-11T09:21:15.454051", timestamp);

        Assert.Equal(new DateTimeOffset(2020, 5, 11, 9, 21, 15, TimeSpan.Zero).AddTicks(fractionTicks), report.Timestamp);
    }

    [Theory]
    [InlineData("\"timestamp\":\"2020-05-11T09:21:15.454051\"", "\"timestamp\":\"yesterday\"", FindingCodes.IasReportInvalid)]
    [InlineData("\"id\":\"323119119247496566074708526703373820736\",", "", FindingCodes.IasReportInvalid)]
    [InlineData("\"advisoryIDs\":[\"INTEL-SA-00334\"]", "\"advisoryIDs\":[1]", FindingCodes.IasReportInvalid)]
    [InlineData("\"version\":4", "\"version\":6", FindingCodes.UnsupportedVersion)]
    [InlineData("\"nonce\":\"biNMqBAuTPF2hp/0fXa4P3splRkLHJf0\"", "\"nonce\":{}", FindingCodes.IasReportInvalid)]
    public void Bad_fields_are_format_errors_with_a_code(string from, string to, string code)
    {
        var error = Assert.Throws<EvidenceFormatException>(() => ParseWith(from, to));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Every_truncation_of_the_body_is_a_format_error()
    {
        var body = IasSamples.Body("v4");
        for (var length = 0; length < body.Length; length++)
        {
            var error = Assert.Throws<EvidenceFormatException>(() => IasReport.Parse(body.AsMemory(0, length)));
            Assert.Equal(FindingCodes.IasReportInvalid, error.Code);
        }
    }
}

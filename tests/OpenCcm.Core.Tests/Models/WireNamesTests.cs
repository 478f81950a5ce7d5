using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;

namespace OpenCcm.Core.Tests.Models;

/// <summary>Enum spellings on the wire are the Fortanix API's (fortanix-ccm.md §1).</summary>
public sealed class WireNamesTests
{
    [Fact]
    public void Names_AreTheFortanixSpellings()
    {
        Assert.Equal(["INPROGRESS", "RUNNING", "STOPPED", "FAILED", "DEACTIVATED"], Enum.GetValues<NodeStatus>().Select(v => WireNames.Of(v)));
        Assert.Equal(["NODE_ATTESTATION", "CERTIFICATE_ISSUANCE", "BUILD_WHITELIST", "DOMAIN_WHITELIST"], Enum.GetValues<TaskType>().Select(v => WireNames.Of(v)));
        Assert.Equal(["INPROGRESS", "FAILED", "SUCCESS", "DENIED"], Enum.GetValues<ApprovalTaskStatus>().Select(v => WireNames.Of(v)));
        Assert.Equal(["PENDING", "REJECTED", "ISSUED", "REVOKED", "EXPIRED"], Enum.GetValues<CertificateStatus>().Select(v => WireNames.Of(v)));
        Assert.Equal(["PENDING", "WHITELISTED", "REJECTED"], Enum.GetValues<BuildStatus>().Select(v => WireNames.Of(v)));
        Assert.Equal(["READER", "WRITER", "MANAGER"], Enum.GetValues<AccountRole>().Select(v => WireNames.Of(v)));
        Assert.Equal(["APPROVED", "DENIED"], Enum.GetValues<ApprovalDecision>().Select(v => WireNames.Of(v)));
        Assert.Equal(["USER", "APP", "SYSTEM"], Enum.GetValues<RequesterType>().Select(v => WireNames.Of(v)));
        Assert.Equal(["SGX", "TDX", "SEV_SNP", "NITRO"], Enum.GetValues<TeeKind>().Select(v => WireNames.Of(v)));
    }

    [Fact]
    public void Parse_RoundTripsAndRefusesUnknownNames()
    {
        foreach (var status in Enum.GetValues<NodeStatus>())
        {
            Assert.Equal(status, WireNames.Parse<NodeStatus>(WireNames.Of(status)));
        }

        Assert.False(WireNames.TryParse<NodeStatus>("running", out _));
        Assert.Throws<FormatException>(() => WireNames.Parse<TaskType>("InProgress"));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireNames.Of((NodeStatus)99));
    }

    [Fact]
    public void AuditOutcomeWireNames_AreTheCanonicalEncodingsNames()
    {
        foreach (var outcome in Enum.GetValues<AuditOutcome>())
        {
            Assert.Equal(AuditCanonicalEncoding.OutcomeName(outcome), WireNames.Of(outcome));
        }
    }

    [Fact]
    public void JsonStringEnumConverter_WritesTheSameNames()
    {
        var options = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };

        Assert.Equal("\"INPROGRESS\"", JsonSerializer.Serialize(NodeStatus.InProgress, options));
        Assert.Equal(TaskType.DomainWhitelist, JsonSerializer.Deserialize<TaskType>("\"DOMAIN_WHITELIST\"", options));
    }
}

using System.Security.Cryptography;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Core.Models;
using OpenCcm.Manager.Hosting;
using OpenCcm.Manager.Nodes;

namespace OpenCcm.Manager.Tests;

/// <summary>Node enrollment's judgement of platform evidence, with evidence from the simulated platforms.</summary>
public sealed class NodeAttestationTests : IDisposable
{
    private readonly string _simulated = Path.Combine(Path.GetTempPath(), $"ccm-nodes-{Guid.NewGuid():N}");
    private readonly byte[] _spki;

    public NodeAttestationTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _spki = key.ExportSubjectPublicKeyInfo();
    }

    public void Dispose()
    {
        if (Directory.Exists(_simulated))
        {
            Directory.Delete(_simulated, recursive: true);
        }
    }

    [Theory]
    [InlineData(TeeKind.Sgx)]
    [InlineData(TeeKind.Tdx)]
    [InlineData(TeeKind.SevSnp)]
    [InlineData(TeeKind.Nitro)]
    public void SimulatedEvidence_BindingTheCsrKey_IsAccepted_WhenSimulationIsAllowed(TeeKind kind)
    {
        var evidence = Evidence(kind, SHA256.HashData(_spki));

        var result = Attestation(allowSimulated: true).Attest(evidence, null, _spki, ZonePolicy.Default);

        Assert.True(result.Accepted, string.Join("\n", result.Refusals));
        Assert.Equal(kind, result.TeeKind);
        Assert.True(result.Simulated);
        Assert.NotEmpty(result.PlatformIdentifiers);
    }

    [Fact]
    public void SimulatedEvidence_IsRefused_WhenTheManagerDoesNotAllowSimulation()
    {
        var result = Attestation(allowSimulated: false).Attest(Evidence(TeeKind.Sgx, SHA256.HashData(_spki)), null, _spki, ZonePolicy.Default);

        Assert.False(result.Accepted);
        Assert.Contains(result.Refusals, f => f.Code == FindingCodes.SimulatedRootNotTrusted);
    }

    [Fact]
    public void EvidenceForAnotherKey_IsRefused()
    {
        var result = Attestation(allowSimulated: true).Attest(Evidence(TeeKind.Sgx, new byte[32]), null, _spki, ZonePolicy.Default);

        Assert.Equal(FindingCodes.PolicyReportDataMismatch, Assert.Single(result.Refusals).Code);
    }

    [Fact]
    public void ZonePolicy_RefusesTeeKindsAndTcbStatuses()
    {
        var attestation = Attestation(allowSimulated: true);
        var evidence = Evidence(TeeKind.Sgx, SHA256.HashData(_spki));

        var kind = attestation.Attest(evidence, null, _spki, ZonePolicy.Default with { AllowedTeeKinds = [TeeKind.SevSnp] });
        var status = attestation.Attest(evidence, null, _spki, ZonePolicy.Default with { AcceptedTcbStatuses = ["OutOfDate"] });

        Assert.Equal(NodeRefusals.TeeKindNotAllowed, Assert.Single(kind.Refusals).Code);
        Assert.Equal(FindingCodes.PolicyTcbStatusNotAccepted, Assert.Single(status.Refusals).Code);
    }

    [Fact]
    public void ReportsAndGarbage_AreNotPlatformEvidence()
    {
        var attestation = Attestation(allowSimulated: true);

        Assert.Equal(FindingCodes.UnsupportedFormat, Assert.Single(attestation.Attest(new byte[432], null, _spki, ZonePolicy.Default).Refusals).Code);
        Assert.Equal(FindingCodes.UnsupportedFormat, Assert.Single(attestation.Attest("garbage"u8.ToArray(), null, _spki, ZonePolicy.Default).Refusals).Code);
        Assert.False(attestation.Attest(new byte[10], "sgx-quote", _spki, ZonePolicy.Default).Accepted);
    }

    private NodeAttestation Attestation(bool allowSimulated) =>
        new(EvidenceVerifierRegistry.CreateDefault(), new ManagerOptions { AllowSimulated = allowSimulated, SimulatedDirectory = _simulated }, TimeProvider.System);

    private byte[] Evidence(TeeKind kind, byte[] reportData)
    {
        switch (kind)
        {
            case TeeKind.Sgx:
            {
                using var sgx = SimulatedSgxPlatform.OpenOrCreate(_simulated);
                return sgx.CreateQuote(sgx.CreateEnclave(new byte[32], new byte[32], 1, 1), reportData);
            }

            case TeeKind.Tdx:
            {
                using var tdx = SimulatedTdxPlatform.OpenOrCreate(_simulated);
                return tdx.CreateQuote(new SimulatedTd(new byte[48]), reportData);
            }

            case TeeKind.SevSnp:
            {
                using var snp = SimulatedSnpPlatform.OpenOrCreate(_simulated);
                return snp.CreateReport(new byte[48], reportData);
            }

            default:
            {
                using var nitro = SimulatedNitroPlatform.OpenOrCreate(_simulated);
                return nitro.CreateDocument(new Dictionary<int, byte[]> { [0] = new byte[48].Select(_ => (byte)1).ToArray() }, userData: reportData);
            }
        }
    }
}

using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Tests.Simulation;

public sealed class SimulatedPkiTests(SimulatedPlatformFixture fixture) : IClassFixture<SimulatedPlatformFixture>
{
    private const string SgxExtension = "1.2.840.113741.1.13.1";

    private X509Certificate2[] All =>
        [fixture.Platform.RootCertificate, fixture.Platform.PckCaCertificate, fixture.Platform.PckCertificate, fixture.Platform.TcbSigningCertificate];

    [Fact]
    public void EveryCertificate_CarriesTheSimulatedTeeMarker()
    {
        foreach (var certificate in All)
        {
            var extension = Assert.Single(certificate.Extensions, e => e.Oid?.Value == OpenCcmOids.SimulatedTee);
            Assert.False(extension.Critical);
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            Assert.Equal("sgx", reader.ReadCharacterString(UniversalTagNumber.UTF8String));
            reader.ThrowIfNotEmpty();
            Assert.Contains("OpenCCM simulation (not a TEE)", certificate.Subject, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Chains_BuildToTheSimulatedRoot()
    {
        var validator = new ChainValidator();
        var now = DateTimeOffset.UtcNow;
        var root = fixture.Platform.RootCertificate;

        var pck = validator.Validate(fixture.Platform.PckCertificate, [fixture.Platform.PckCaCertificate], [root], now);
        var tcb = validator.Validate(fixture.Platform.TcbSigningCertificate, [], [root], now);

        Assert.True(pck.IsValid, string.Join("; ", pck.Findings));
        Assert.Equal(3, pck.Path.Count);
        Assert.True(tcb.IsValid, string.Join("; ", tcb.Findings));
        Assert.Contains("SGX PCK Certificate", fixture.Platform.PckCertificate.Subject, StringComparison.Ordinal);
        Assert.Contains("SGX PCK Platform CA", fixture.Platform.PckCaCertificate.Subject, StringComparison.Ordinal);
        Assert.Contains("SGX TCB Signing", fixture.Platform.TcbSigningCertificate.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Chain_IsNotTrustedWithoutTheSimulatedRoot()
    {
        var result = new ChainValidator().Validate(
            fixture.Platform.PckCertificate, [fixture.Platform.PckCaCertificate, fixture.Platform.RootCertificate], Intel.IntelTrustRoots.SgxRootCas, DateTimeOffset.UtcNow);

        Assert.False(result.IsValid);
        Assert.Contains(result.Findings, f => f.Code == FindingCodes.CertificateChainUntrusted);
    }

    [Fact]
    public void PckExtension_HasIntelsStructure_AndThePlatformsValues()
    {
        var extension = Assert.Single(fixture.Platform.PckCertificate.Extensions, e => e.Oid?.Value == SgxExtension);
        Assert.False(extension.Critical);

        var outer = new AsnReader(extension.RawData, AsnEncodingRules.DER);
        var elements = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        var ppid = Element(elements, ".1");
        Assert.Equal(fixture.Platform.Ppid.ToArray(), ppid.ReadOctetString());

        var tcb = Element(elements, ".2").ReadSequence();
        var components = new byte[16];
        for (var i = 1; i <= 16; i++)
        {
            var component = Element(tcb, $".2.{i}");
            components[i - 1] = (byte)component.ReadInteger();
            component.ThrowIfNotEmpty();
        }

        Assert.Equal(fixture.Platform.CpuSvn.ToArray(), components);
        Assert.Equal(fixture.Platform.PceSvn, (ushort)Element(tcb, ".2.17").ReadInteger());
        Assert.Equal(fixture.Platform.CpuSvn.ToArray(), Element(tcb, ".2.18").ReadOctetString());
        tcb.ThrowIfNotEmpty();

        Assert.Equal(fixture.Platform.PceId.ToArray(), Element(elements, ".3").ReadOctetString());
        Assert.Equal("0ccc00000000", Convert.ToHexStringLower(Element(elements, ".4").ReadOctetString()));
        Assert.Equal([1], Element(elements, ".5").ReadEnumeratedBytes().ToArray());
        Assert.Equal(16, Element(elements, ".6").ReadOctetString().Length);

        var configuration = Element(elements, ".7").ReadSequence();
        for (var i = 1; i <= 3; i++)
        {
            Element(configuration, $".7.{i}").ReadBoolean();
        }

        configuration.ThrowIfNotEmpty();
        elements.ThrowIfNotEmpty();
    }

    // Reads SEQUENCE { OID, value } and returns a reader positioned at the value.
    private static AsnReader Element(AsnReader parent, string suffix)
    {
        var element = parent.ReadSequence();
        Assert.Equal(SgxExtension + suffix, element.ReadObjectIdentifier());
        return element;
    }
}

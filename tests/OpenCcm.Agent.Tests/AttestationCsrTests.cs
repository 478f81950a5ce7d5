using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.AgentProtocol;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Agent.Tests;

/// <summary>Fortanix's attested CSR formats built and read back (reference/fortanix-ccm.md §2.4), for ECDSA and RSA keys.</summary>
public sealed class AttestationCsrTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-csr-tests-{Guid.NewGuid():N}");
    private readonly SimulatedSgxPlatform _platform;
    private readonly SimulatedEnclave _enclave;

    public AttestationCsrTests()
    {
        _platform = SimulatedSgxPlatform.OpenOrCreate(_directory);
        _enclave = _platform.CreateEnclave(SHA256.HashData("csr test"u8), SHA256.HashData("csr signer"u8), 7, 9, miscSelect: 0x01020304);
    }

    public static TheoryData<string> Keys => ["ec", "rsa"];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Csr1_carries_cn_san_the_sgx_components_and_keyid_mac_of_the_report(string keyType)
    {
        using var key = NewKey(keyType);
        var report = Report(key);

        var parsed = ParsedAttestationCsr.Parse(AttestationCsr.ToPem(AttestationCsr.CreateLocal(key, "app.example", ["app.example", "b.example"], report)));

        Assert.Equal("app.example", parsed.CommonName);
        Assert.Equal(["app.example", "b.example"], parsed.DnsNames);
        Assert.True(parsed.SgxIdentity!.Matches(report.Body));
        Assert.Equal((ushort)7, parsed.SgxIdentity.IsvProdId);
        Assert.Equal((ushort)9, parsed.SgxIdentity.IsvSvn);
        Assert.Equal(0x01020304u, parsed.SgxIdentity.MiscSelect);
        Assert.Equal(report.KeyId.ToArray(), parsed.InlineSgxLocal!.KeyId.ToArray());
        Assert.Equal(report.Mac.ToArray(), parsed.InlineSgxLocal.Mac.ToArray());
        Assert.Null(parsed.EmbeddedFqpe);
        Assert.True(ReportDataBinding.Matches(report.Body.ReportData, parsed.SubjectPublicKeyInfo));
        // The REPORT rebuilt from subject + attribute is the original (no CONFIGID/ISVEXTPRODID/FAMILYID here), so its MAC verifies.
        Assert.Equal(report.ToBytes(), parsed.SgxIdentity.ToReport(parsed.InlineSgxLocal.KeyId.Span, parsed.InlineSgxLocal.Mac.Span).ToBytes());
    }

    [Fact]
    public void Components_are_bit_strings_with_no_unused_bits_in_rdn_order()
    {
        using var key = NewKey("ec");
        var subject = AttestationCsr.SubjectFor("x", Report(key).Body);
        var rdns = new AsnReader(subject.RawData, AsnEncodingRules.DER).ReadSequence();
        var oids = new List<string>();
        while (rdns.HasData)
        {
            var pair = rdns.ReadSetOf().ReadSequence();
            oids.Add(pair.ReadObjectIdentifier());
            if (oids.Count > 1)
            {
                var encoded = pair.ReadEncodedValue().ToArray();
                Assert.Equal(0x03, encoded[0]); // BIT STRING
                Assert.Equal(0x00, encoded[encoded[1] < 0x80 ? 2 : 3]); // the leading 0x00 (unused bits)
            }
        }

        Assert.Equal(
            [FortanixOids.CommonName, FortanixOids.CpuSvn, FortanixOids.MiscSelect, FortanixOids.Attributes, FortanixOids.MrEnclave, FortanixOids.MrSigner,
             FortanixOids.IsvProdId, FortanixOids.IsvSvn, FortanixOids.ReportData], oids);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Csr2_carries_the_same_subject_and_the_embedded_certificates(string keyType)
    {
        using var key = NewKey(keyType);
        var report = Report(key);
        byte[] app = [1, 2, 3], node = [4, 5];

        var parsed = ParsedAttestationCsr.Parse(AttestationCsr.CreateEmbeddedFqpe(key, "app.example", ["app.example"], report.Body, app, node));

        Assert.True(parsed.SgxIdentity!.Matches(report.Body));
        Assert.Equal(app, parsed.EmbeddedFqpe!.AttestationCertificate.ToArray());
        Assert.Equal(node, parsed.EmbeddedFqpe.NodeCertificate.ToArray());
        Assert.Null(parsed.InlineSgxLocal);
    }

    [Fact]
    public void A_tampered_signature_a_partial_identity_and_non_pem_are_refused_with_CsrInvalid()
    {
        using var key = NewKey("ec");
        var der = AttestationCsr.CreateLocal(key, "app.example", [], Report(key));
        der[^1] ^= 1;
        Assert.Equal(AgentErrorCodes.CsrInvalid, Assert.Throws<AttestationCsrException>(() => ParsedAttestationCsr.Parse(der)).Code);
        Assert.Equal(AgentErrorCodes.CsrInvalid, Assert.Throws<AttestationCsrException>(() => ParsedAttestationCsr.Parse("not a csr")).Code);

        var partial = new X500DistinguishedNameBuilder();
        partial.AddCommonName("x");
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var rdn in new AsnReader(partial.Build().RawData, AsnEncodingRules.DER).ReadSequence() is var r ? Rdns(r) : [])
            {
                writer.WriteEncodedValue(rdn);
            }

            using (writer.PushSetOf())
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(FortanixOids.MrEnclave);
                writer.WriteBitString(new byte[32]);
            }
        }

        var request = new CertificateRequest(new X500DistinguishedName(writer.Encode()), (ECDsa)key, HashAlgorithmName.SHA256);
        Assert.Equal(AgentErrorCodes.CsrInvalid, Assert.Throws<AttestationCsrException>(() => ParsedAttestationCsr.Parse(request.CreateSigningRequest())).Code);
    }

    public void Dispose()
    {
        _platform.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static List<byte[]> Rdns(AsnReader reader)
    {
        var list = new List<byte[]>();
        while (reader.HasData)
        {
            list.Add(reader.ReadEncodedValue().ToArray());
        }

        return list;
    }

    private static AsymmetricAlgorithm NewKey(string type) => type == "ec" ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);

    private SgxReport Report(AsymmetricAlgorithm key)
    {
        var spki = key switch { ECDsa ec => ec.ExportSubjectPublicKeyInfo(), RSA rsa => rsa.ExportSubjectPublicKeyInfo(), _ => throw new ArgumentException(null, nameof(key)) };
        return SgxReport.Parse(_platform.CreateReport(_platform.QeTargetInfo, _enclave, ReportDataBinding.For(spki)));
    }
}

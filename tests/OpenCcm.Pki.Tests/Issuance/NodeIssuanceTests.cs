using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Identity;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Issuance;

public sealed class NodeIssuanceTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    [Fact]
    public void A_node_certificate_is_for_client_authentication_only_and_names_a_node_identity()
    {
        var identity = Identities.Nitro() with { PlatformId = [1, 2, 3] };
        using var issued = fixture.Ecdsa.IssueNodeCertificate(CsrVerifier.Verify(Csrs.NewP256("node.example.com")), new NodeCertificateRequest
        {
            CommonName = "node-nitro-1",
            Identity = identity,
        });

        var ekus = issued.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], ekus);
        Assert.Empty(issued.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        var decoded = AttestedIdentityExtension.Read(issued.Certificate);
        Assert.Equal(IdentitySubject.Node, decoded!.Subject);
        Assert.Equal(identity with { Subject = IdentitySubject.Node }, decoded);
    }

    [Fact]
    public void Openssl_accepts_it_as_a_tls_client_and_refuses_it_as_a_server()
    {
        using var issued = fixture.Ecdsa.IssueNodeCertificate(CsrVerifier.Verify(Csrs.NewP256()), new NodeCertificateRequest
        {
            CommonName = "node-1",
            Identity = Identities.Sgx(),
        });
        using var openssl = new OpenSsl();
        var chain = openssl.Write("chain.pem", fixture.Ecdsa.CaChainPem);
        var leaf = openssl.Write("node.pem", issued.Pem);
        var at = ZoneCaFixture.Start.ToUnixTimeSeconds().ToString();

        openssl.RunOk("verify", "-attime", at, "-purpose", "sslclient", "-CAfile", chain, leaf);
        var (exitCode, output) = openssl.Run("verify", "-attime", at, "-purpose", "sslserver", "-CAfile", chain, leaf);
        Assert.True(exitCode != 0, output);
        Assert.Contains("unsuitable certificate purpose", output, StringComparison.Ordinal);
    }
}

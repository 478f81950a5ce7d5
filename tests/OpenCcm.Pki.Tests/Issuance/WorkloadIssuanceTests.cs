using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Identity;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Issuance;

public sealed class WorkloadIssuanceTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    [Theory]
    [InlineData(CaKeyAlgorithm.Ecdsa)]
    [InlineData(CaKeyAlgorithm.Rsa)]
    public void A_workload_certificate_has_the_leaf_profile(CaKeyAlgorithm algorithm)
    {
        var ca = fixture.For(algorithm);
        using var issued = ca.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request(["app.example.com"]));
        var certificate = issued.Certificate;

        Assert.Equal("CN=app", certificate.Subject);
        Assert.Equal(ca.IntermediateCertificate.Subject, certificate.Issuer);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.Critical);
        Assert.False(constraints.CertificateAuthority);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, usage.KeyUsages);
        var ekus = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal([ServerAuth, ClientAuth], ekus);
        Assert.Single(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        var issuerKeyId = ca.IntermediateCertificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes;
        Assert.True(issuerKeyId.Span.SequenceEqual(certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.Span));
        Assert.Equal(16, certificate.SerialNumberBytes.Length);
        Assert.Equal(Convert.ToHexStringLower(certificate.SerialNumberBytes.Span), issued.SerialNumber);
    }

    [Fact]
    public void An_rsa_key_also_gets_key_encipherment()
    {
        using var key = RSA.Create(2048);
        using var issued = fixture.Ecdsa.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.Rsa(key)), Request(["a.example.com"]));
        Assert.Equal(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
            issued.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
    }

    [Fact]
    public void Only_the_approved_names_are_in_the_certificate_whatever_the_csr_asked()
    {
        var csr = CsrVerifier.Verify(Csrs.NewP256("approved.example.com", "evil.example.org", "localhost"));
        using var issued = fixture.Ecdsa.IssueWorkloadCertificate(csr, Request(["approved.example.com", "Second.Example.com", "approved.example.com"]));

        var names = issued.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["approved.example.com", "second.example.com"], names.EnumerateDnsNames());
        Assert.Empty(names.EnumerateIPAddresses());
        Assert.Equal(["approved.example.com", "second.example.com"], issued.DnsNames);
    }

    [Fact]
    public void No_approved_names_means_no_subject_alternative_name()
    {
        using var issued = fixture.Ecdsa.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256("asked.example.com")), Request([]));
        Assert.Empty(issued.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
    }

    [Fact]
    public void The_identity_extension_round_trips_and_is_non_critical()
    {
        var identity = Identities.Sgx();
        using var issued = fixture.Ecdsa.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request([]) with { Identity = identity });

        var extension = issued.Certificate.Extensions[AttestedIdentityExtension.Oid];
        Assert.NotNull(extension);
        Assert.False(extension.Critical);
        var decoded = AttestedIdentityExtension.Read(issued.Certificate);
        Assert.Equal(identity with { Subject = IdentitySubject.Workload }, decoded);
        Assert.Equal(identity, issued.Identity);
    }

    [Fact]
    public void Validity_is_thirty_days_from_now_backdated_one_minute()
    {
        using var issued = fixture.Ecdsa.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request([]));
        Assert.Equal(ZoneCaFixture.Start.AddMinutes(-1), issued.NotBefore);
        Assert.Equal(ZoneCaFixture.Start.AddDays(30), issued.NotAfter);
    }

    [Fact]
    public void A_requested_lifetime_is_used()
    {
        using var issued = fixture.Ecdsa.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request([]) with { Lifetime = TimeSpan.FromHours(6) });
        Assert.Equal(ZoneCaFixture.Start.AddHours(6), issued.NotAfter);
    }

    [Fact]
    public void The_lifetime_is_capped_at_the_intermediates_not_after()
    {
        var clock = new FixedTimeProvider(ZoneCaFixture.Start);
        using var ca = ZoneCertificateAuthority.Create("a", "z", new ZoneCaOptions { IntermediateLifetime = TimeSpan.FromDays(10) }, clock);
        clock.Now = ZoneCaFixture.Start.AddDays(9);

        using var issued = ca.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request([]));

        Assert.Equal(new DateTimeOffset(ca.IntermediateCertificate.NotAfter).ToUniversalTime(), issued.NotAfter);
        Assert.True(issued.NotAfter < clock.Now.AddDays(30));
    }

    [Fact]
    public void An_expired_intermediate_issues_nothing()
    {
        var clock = new FixedTimeProvider(ZoneCaFixture.Start);
        using var ca = ZoneCertificateAuthority.Create("a", "z", new ZoneCaOptions { IntermediateLifetime = TimeSpan.FromDays(10) }, clock);
        clock.Now = new DateTimeOffset(ca.IntermediateCertificate.NotAfter).AddSeconds(1);

        var error = Assert.Throws<PkiException>(() => ca.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request([])));
        Assert.Equal(PkiErrorCode.CaNotValid, error.Code);
    }

    [Fact]
    public void A_non_positive_lifetime_is_refused()
    {
        var error = Assert.Throws<PkiException>(() => fixture.Ecdsa.IssueWorkloadCertificate(
            CsrVerifier.Verify(Csrs.NewP256()), Request([]) with { Lifetime = TimeSpan.Zero }));
        Assert.Equal(PkiErrorCode.LifetimeInvalid, error.Code);
    }

    [Theory]
    [InlineData("under_score.example.com")]
    [InlineData("-leading.example.com")]
    [InlineData("trailing-.example.com")]
    [InlineData("double..dot.example.com")]
    [InlineData("*.com")]
    [InlineData("a.*.example.com")]
    [InlineData("10.0.0.1")]
    [InlineData("::1")]
    [InlineData("ünicode.example.com")]
    [InlineData("space .example.com")]
    [InlineData("")]
    public void Names_that_are_not_dns_names_are_refused(string name)
    {
        var error = Assert.Throws<PkiException>(() => fixture.Ecdsa.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request([name])));
        Assert.Equal(PkiErrorCode.NameNotAllowed, error.Code);
    }

    [Fact]
    public void A_wildcard_first_label_is_allowed()
    {
        using var issued = fixture.Ecdsa.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request(["*.apps.example.com"]));
        Assert.Equal(["*.apps.example.com"], issued.DnsNames);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("tab\there")]
    public void Unusable_common_names_are_refused(string commonName)
    {
        var error = Assert.Throws<PkiException>(() => fixture.Ecdsa.IssueWorkloadCertificate(
            CsrVerifier.Verify(Csrs.NewP256()), Request([]) with { CommonName = commonName }));
        Assert.Equal(PkiErrorCode.NameNotAllowed, error.Code);
    }

    [Fact]
    public void An_invalid_identity_is_refused()
    {
        var csr = CsrVerifier.Verify(Csrs.NewP256());
        foreach (var identity in new[]
        {
            Identities.Sgx() with { TeeKind = "sev" },
            Identities.Sgx() with { Measurement = [] },
            Identities.Sgx() with { Measurement = new byte[65] },
            Identities.Sgx() with { Signer = [] },
            Identities.Sgx() with { ProductId = -1 },
            Identities.Sgx() with { NodeId = "" },
        })
        {
            var error = Assert.Throws<PkiException>(() => fixture.Ecdsa.IssueWorkloadCertificate(csr, Request([]) with { Identity = identity }));
            Assert.Equal(PkiErrorCode.IdentityInvalid, error.Code);
        }
    }

    [Fact]
    public void Concurrent_issuance_gives_distinct_valid_certificates()
    {
        var csr = CsrVerifier.Verify(Csrs.NewP256());
        var serials = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, _ =>
        {
            using var issued = fixture.Ecdsa.IssueWorkloadCertificate(csr, Request(["app.example.com"]));
            serials.Add(issued.SerialNumber);
        });
        Assert.Equal(64, serials.Distinct().Count());
    }

    [Theory]
    [InlineData(CaKeyAlgorithm.Ecdsa)]
    [InlineData(CaKeyAlgorithm.Rsa)]
    public void Issued_certificates_pass_the_platforms_full_path_validation(CaKeyAlgorithm algorithm)
    {
        var ca = fixture.For(algorithm);
        using var issued = ca.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request(["app.example.com"]));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.RootCertificate);
        chain.ChainPolicy.ExtraStore.Add(ca.IntermediateCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = ZoneCaFixture.Start.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuth));
        Assert.True(chain.Build(issued.Certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(3, chain.ChainElements.Count);
    }

    [Fact]
    public void The_full_chain_check_mode_issues_the_same_profile()
    {
        var options = new ZoneCaOptions { IssuedCertificateCheck = IssuedCertificateCheck.FullChain };
        using var ca = ZoneCertificateAuthority.Create("a", "z", options, fixture.Clock);
        using var issued = ca.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), Request(["app.example.com"]));
        Assert.Equal(["app.example.com"], issued.DnsNames);
    }

    [Theory]
    [InlineData(CaKeyAlgorithm.Ecdsa)]
    [InlineData(CaKeyAlgorithm.Rsa)]
    public void Openssl_verifies_the_leaf_for_tls_servers_and_shows_the_identity_extension(CaKeyAlgorithm algorithm)
    {
        var ca = fixture.For(algorithm);
        using var issued = ca.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256("x.example.com")), Request(["app.example.com"]));
        using var openssl = new OpenSsl();
        var chain = openssl.Write("chain.pem", ca.CaChainPem);
        var leaf = openssl.Write("leaf.pem", issued.Pem);

        openssl.RunOk("verify", "-attime", ZoneCaFixture.Start.ToUnixTimeSeconds().ToString(), "-x509_strict", "-purpose", "sslserver", "-CAfile", chain, leaf);
        var text = openssl.RunOk("x509", "-in", leaf, "-noout", "-text");
        Assert.Contains("DNS:app.example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("x.example.com", text, StringComparison.Ordinal);
        Assert.Contains(AttestedIdentityExtension.Oid + ":", text, StringComparison.Ordinal);
        Assert.Equal(3, issued.ChainPem.Split("BEGIN CERTIFICATE").Length - 1);
        Assert.Equal(issued.Pem + ca.CaChainPem, issued.ChainPem);
        Assert.Same(ca.CaChainPem, issued.CaChainPem);
    }

    private static WorkloadCertificateRequest Request(string[] names) => new()
    {
        CommonName = "app",
        DnsNames = names,
        Identity = Identities.Sgx(),
    };
}

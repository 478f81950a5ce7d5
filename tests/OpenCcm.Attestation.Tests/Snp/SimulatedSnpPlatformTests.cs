using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Attestation.Snp;

namespace OpenCcm.Attestation.Tests.Snp;

/// <summary>One simulated platform per product, shared by the tests (creating RSA keys takes a moment).</summary>
public sealed class SimulatedSnpFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ccm-snp-").FullName;
    private readonly Dictionary<SnpProduct, SimulatedSnpPlatform> _platforms = [];

    public SimulatedSnpPlatform Platform(SnpProduct product = SnpProduct.Milan)
    {
        lock (_platforms)
        {
            if (!_platforms.TryGetValue(product, out var platform))
            {
                platform = SimulatedSnpPlatform.OpenOrCreate(Root, product);
                _platforms[product] = platform;
            }

            return platform;
        }
    }

    public string NewDirectory() => Path.Combine(Root, Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        foreach (var platform in _platforms.Values)
        {
            platform.Dispose();
        }

        Directory.Delete(Root, recursive: true);
    }
}

public sealed class SimulatedSnpPlatformTests(SimulatedSnpFixture fixture) : IClassFixture<SimulatedSnpFixture>
{
    private static readonly SnpReportVerifier Verifier = new();
    private static readonly byte[] Measurement = SHA384.HashData("workload"u8);
    private static readonly byte[] ReportData = SHA512.HashData("key and nonce"u8);
    private static readonly byte[] HostData = SHA256.HashData("host"u8);

    [Theory]
    [InlineData(SnpProduct.Milan)]
    [InlineData(SnpProduct.Genoa)]
    [InlineData(SnpProduct.Turin)]
    public void Simulated_report_round_trips_when_its_root_is_trusted(SnpProduct product)
    {
        var platform = fixture.Platform(product);
        var report = platform.CreateReport(Measurement, ReportData, HostData);

        var verdict = Verifier.Verify(report, Trusting(platform));

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.True(verdict.Simulated);
        Assert.True(verdict.Has(FindingCodes.SimulatedEvidence));
        Assert.False(verdict.Has(FindingCodes.RevocationNotChecked)); // the simulated collateral carries an ARK-signed CRL
        var claims = Assert.IsType<SnpClaims>(verdict.Claims);
        Assert.Equal(product, claims.Product);
        Assert.Equal(Measurement, claims.Measurement);
        Assert.Equal(ReportData, claims.ReportData);
        Assert.Equal(HostData, claims.HostData);
        Assert.Equal(platform.ChipId, claims.ChipId);
        Assert.Equal(platform.Tcb, claims.ReportedTcb);
        Assert.Equal(5u, claims.Report.Version);
        Assert.Equal(product, claims.Report.CpuidProduct);
        Assert.Equal(product == SnpProduct.Turin, claims.ReportedTcb.Fmc is not null);
        Assert.Equal(Bytes.Hex(Measurement), claims.ToDictionary()["measurement"]);
    }

    [Fact]
    public void Simulated_report_is_refused_unless_simulation_is_allowed()
    {
        var platform = fixture.Platform();
        var report = platform.CreateReport(Measurement, ReportData);

        var verdict = Verifier.Verify(report, Copy(Trusting(platform), allowSimulated: false));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Simulated);
        Assert.True(verdict.Has(FindingCodes.SimulatedRootNotTrusted));
    }

    [Fact]
    public void Simulated_report_is_refused_when_its_root_is_nowhere_to_be_found()
    {
        var platform = fixture.Platform();
        var context = new VerificationContext
        {
            Time = DateTimeOffset.UtcNow,
            AllowSimulated = true,
            CertificateChain = [platform.VcekCertificate, platform.AskCertificate],
        };

        var verdict = Verifier.Verify(platform.CreateReport(Measurement, ReportData), context);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SimulatedRootNotTrusted));
    }

    [Fact]
    public void Simulated_report_is_refused_under_another_simulated_root()
    {
        using var other = SimulatedSnpPlatform.OpenOrCreate(fixture.NewDirectory());
        var platform = fixture.Platform();
        var context = new VerificationContext
        {
            Time = DateTimeOffset.UtcNow,
            AllowSimulated = true,
            CertificateChain = [platform.VcekCertificate, platform.AskCertificate],
            SimulatedRoots = [other.RootCertificate],
        };

        var verdict = Verifier.Verify(platform.CreateReport(Measurement, ReportData), context);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SimulatedRootNotTrusted), string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void Simulated_root_passed_explicitly_is_trusted_without_collateral_root()
    {
        var platform = fixture.Platform();
        var context = new VerificationContext
        {
            Time = DateTimeOffset.UtcNow,
            AllowSimulated = true,
            CertificateChain = [platform.VcekCertificate, platform.AskCertificate],
            SimulatedRoots = [platform.RootCertificate],
        };

        var verdict = Verifier.Verify(platform.CreateReport(Measurement, ReportData), context);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void Simulated_roots_do_not_change_how_real_reports_are_verified()
    {
        // A real VCEK (no simulated marker) is always chained to the pinned AMD ARK, whatever simulated roots are trusted.
        var platform = fixture.Platform();
        var certificates = SnpSamples.Certificates(SnpSamples.MilanVcek).Where(c => SnpCertificateNames.CommonName(c) != "ARK-Milan").Append(platform.RootCertificate);
        var context = Copy(SnpSamples.Context(SnpSamples.MilanVcek, certificates), allowSimulated: true, simulatedRoots: [platform.RootCertificate]);

        var verdict = Verifier.Verify(SnpSamples.ReportBytes(SnpSamples.MilanVcek), context);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings)); // the pinned ARK is used, not the simulated one
        Assert.False(verdict.Simulated);
    }

    [Fact]
    public void A_vcek_issued_for_another_tcb_is_a_tcb_mismatch_with_a_valid_signature()
    {
        var platform = fixture.Platform();
        var tcb = platform.Tcb;
        var older = SnpTcbVersion.Create(SnpProduct.Milan, tcb.BootLoader, tcb.Tee, tcb.Snp, (byte)(tcb.Microcode - 1));
        var context = Trusting(platform, [platform.IssueVcekCertificate(older), platform.AskCertificate, platform.RootCertificate]);

        var verdict = Verifier.Verify(platform.CreateReport(Measurement, ReportData), context);

        Assert.False(verdict.Verified);
        Assert.Equal(FindingCodes.SnpTcbMismatch, Assert.Single(verdict.Errors).Code);
    }

    [Fact]
    public void A_vcek_issued_for_another_chip_is_a_chip_id_mismatch_with_a_valid_signature()
    {
        var platform = fixture.Platform();
        var context = Trusting(platform, [platform.IssueVcekCertificate(platform.Tcb, RandomNumberGenerator.GetBytes(64)), platform.AskCertificate, platform.RootCertificate]);

        var verdict = Verifier.Verify(platform.CreateReport(Measurement, ReportData), context);

        Assert.False(verdict.Verified);
        Assert.Equal(FindingCodes.SnpChipIdMismatch, Assert.Single(verdict.Errors).Code);
    }

    [Fact]
    public void The_matching_vcek_is_chosen_among_several()
    {
        var platform = fixture.Platform();
        var tcb = platform.Tcb;
        var older = SnpTcbVersion.Create(SnpProduct.Milan, tcb.BootLoader, tcb.Tee, (byte)(tcb.Snp - 1), tcb.Microcode);
        using var other = SimulatedSnpPlatform.OpenOrCreate(fixture.NewDirectory());
        var context = Trusting(platform, [other.VcekCertificate, platform.IssueVcekCertificate(older), platform.VcekCertificate, platform.AskCertificate, platform.RootCertificate]);

        var verdict = Verifier.Verify(platform.CreateReport(Measurement, ReportData), context);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void A_revoked_ask_is_refused()
    {
        var platform = fixture.Platform();
        var collateral = new CollateralSet.Builder()
            .AddCertificate(platform.VcekCertificate).AddCertificate(platform.AskCertificate).AddCertificate(platform.RootCertificate)
            .Add(platform.CreateCrl([platform.AskCertificate], DateTimeOffset.UtcNow), "revoking.crl")
            .Build();
        var context = new VerificationContext { Time = DateTimeOffset.UtcNow, Collateral = collateral, AllowSimulated = true };

        var verdict = Verifier.Verify(platform.CreateReport(Measurement, ReportData), context);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateRevoked));
    }

    [Fact]
    public void A_simulated_vcek_expires()
    {
        var platform = fixture.Platform();
        var report = platform.CreateReport(Measurement, ReportData);
        var expiry = new DateTimeOffset(platform.VcekCertificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

        var verdict = Verifier.Verify(report, Copy(Trusting(platform), time: expiry.AddSeconds(1)));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateExpired));
    }

    [Fact]
    public void Every_simulated_certificate_is_marked_and_signed_like_amd()
    {
        var platform = fixture.Platform();
        foreach (var certificate in platform.Certificates)
        {
            var marker = certificate.Extensions[OpenCcmOids.SimulatedTee];
            Assert.NotNull(marker);
            Assert.Equal("0c03736e70", Bytes.Hex(marker.RawData)); // UTF8String "snp"
            Assert.Equal("1.2.840.113549.1.1.10", certificate.SignatureAlgorithm.Value); // RSASSA-PSS
        }

        using var key = platform.VcekCertificate.GetECDsaPublicKey();
        Assert.Equal(384, key!.KeySize);
    }

    [Fact]
    public void Flipping_a_signed_byte_of_a_simulated_report_is_refused()
    {
        var platform = fixture.Platform();
        var report = platform.CreateReport(Measurement, ReportData);

        var verdict = Verifier.Verify(SnpSamples.Flip(report, 0x090), Trusting(platform));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SignatureInvalid));
    }

    [Fact]
    public void State_persists_and_collateral_loads_from_a_directory()
    {
        var platform = fixture.Platform();
        var collateralDirectory = fixture.NewDirectory();
        platform.WriteCollateral(collateralDirectory, DateTimeOffset.UtcNow);
        using var reopened = SimulatedSnpPlatform.OpenOrCreate(fixture.Root);
        var context = new VerificationContext
        {
            Time = DateTimeOffset.UtcNow,
            Collateral = CollateralSet.LoadDirectories([collateralDirectory]),
            AllowSimulated = true,
        };

        var verdict = Verifier.Verify(reopened.CreateReport(Measurement, ReportData), context);

        Assert.Equal(platform.ChipId, reopened.ChipId);
        Assert.Equal(platform.RootCertificate.RawData, reopened.RootCertificate.RawData);
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void Private_keys_are_readable_by_the_owner_only()
    {
        var platform = fixture.Platform();
        var keys = Directory.GetFiles(platform.StateDirectory, "*.key.pem");

        Assert.Equal(3, keys.Length);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var key in keys)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
    }

    [Fact]
    public void Concurrent_creation_yields_one_platform()
    {
        var directory = fixture.NewDirectory();
        var platforms = new SimulatedSnpPlatform[2];

        Parallel.For(0, platforms.Length, i => platforms[i] = SimulatedSnpPlatform.OpenOrCreate(directory));

        Assert.Equal(platforms[0].RootCertificate.RawData, platforms[1].RootCertificate.RawData);
        Assert.Empty(Directory.GetDirectories(directory, "*.tmp"));
        foreach (var platform in platforms)
        {
            platform.Dispose();
        }
    }

    [Fact]
    public void Products_live_side_by_side_and_foreign_or_other_format_state_is_refused()
    {
        var milan = fixture.Platform(SnpProduct.Milan);
        var genoa = fixture.Platform(SnpProduct.Genoa);
        var foreign = fixture.NewDirectory();
        Directory.CreateDirectory(Path.Combine(foreign, "snp-milan"));
        File.WriteAllText(Path.Combine(foreign, "snp-milan", "other.txt"), "not a platform");
        var otherFormat = fixture.NewDirectory();
        Directory.CreateDirectory(Path.Combine(otherFormat, "snp-milan"));
        File.WriteAllText(Path.Combine(otherFormat, "snp-milan", "platform.json"), """{"format": 99}""");

        Assert.Equal(Path.Combine(fixture.Root, "snp-milan"), milan.StateDirectory);
        Assert.Equal(Path.Combine(fixture.Root, "snp-genoa"), genoa.StateDirectory);
        Assert.Throws<InvalidOperationException>(() => SimulatedSnpPlatform.OpenOrCreate(foreign));
        Assert.Throws<InvalidOperationException>(() => SimulatedSnpPlatform.OpenOrCreate(otherFormat));
    }

    [Fact]
    public void Report_arguments_are_checked()
    {
        var platform = fixture.Platform();

        Assert.Throws<ArgumentException>(() => platform.CreateReport(new byte[32], ReportData));
        Assert.Throws<ArgumentException>(() => platform.CreateReport(Measurement, new byte[65]));
        Assert.Throws<ArgumentException>(() => platform.CreateReport(Measurement, ReportData, new byte[16]));
        Assert.Throws<ArgumentException>(() => platform.CreateReport(Measurement, ReportData, policy: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => platform.CreateReport(Measurement, ReportData, vmpl: 4));
    }

    private static VerificationContext Trusting(SimulatedSnpPlatform platform, IEnumerable<X509Certificate2>? certificates = null)
    {
        var collateral = platform.CreateCollateral(DateTimeOffset.UtcNow);
        if (certificates is not null)
        {
            var builder = new CollateralSet.Builder();
            foreach (var certificate in certificates)
            {
                builder.AddCertificate(certificate);
            }

            collateral = builder.Build();
        }

        return new VerificationContext { Time = DateTimeOffset.UtcNow, Collateral = collateral, AllowSimulated = true };
    }

    private static VerificationContext Copy(
        VerificationContext context, DateTimeOffset? time = null, bool? allowSimulated = null, IReadOnlyList<X509Certificate2>? simulatedRoots = null) => new()
    {
        Time = time ?? context.Time,
        Collateral = context.Collateral,
        CertificateChain = context.CertificateChain,
        AllowSimulated = allowSimulated ?? context.AllowSimulated,
        SimulatedRoots = simulatedRoots ?? context.SimulatedRoots,
    };
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Sgx.Dcap;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Attestation.Tdx;

namespace OpenCcm.Attestation.Tests.Simulation;

/// <summary>The TDX platform shares the SGX platform's PKI in one directory and keeps its TD QE key beside it.</summary>
public sealed class SimulatedTdxStateTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void SgxPlatformFirst_ThenTdx_SharesThePki_AndBothQuotesVerifyWithOneCollateralDirectory()
    {
        using var directory = new TemporaryDirectory();
        using var sgx = SimulatedSgxPlatform.OpenOrCreate(directory.Path);
        var sgxRootFile = File.ReadAllBytes(Path.Combine(sgx.StateDirectory, "root-ca.pem"));
        using var tdx = SimulatedTdxPlatform.OpenOrCreate(directory.Path);

        Assert.Equal(sgx.RootCertificate.RawData, tdx.RootCertificate.RawData);
        Assert.Equal(sgx.PckCertificate.RawData, tdx.PckCertificate.RawData);
        Assert.Equal(sgx.TcbSigningCertificate.RawData, tdx.TcbSigningCertificate.RawData);
        Assert.Equal(sgxRootFile, File.ReadAllBytes(Path.Combine(sgx.StateDirectory, "root-ca.pem")));
        Assert.NotEqual(sgx.AttestationPublicKey.ToArray(), tdx.AttestationPublicKey.ToArray());

        // Each platform writes its own collateral into the same directory; the files must not collide.
        var collateralDirectory = directory.Sub("collateral");
        sgx.WriteCollateral(collateralDirectory, Now);
        tdx.WriteCollateral(collateralDirectory, Now);
        var collateral = CollateralSet.LoadDirectories([collateralDirectory]);
        Assert.Equal(["SGX", "TDX"], collateral.TcbInfos.Select(t => t.Value.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["QE", "TD_QE"], collateral.EnclaveIdentities.Select(i => i.Value.Id).Order(StringComparer.Ordinal));

        var context = new VerificationContext { Time = Now, Collateral = collateral, AllowSimulated = true, SimulatedRoots = [tdx.RootCertificate] };
        var enclave = sgx.CreateEnclave(new byte[32], Enumerable.Repeat((byte)7, 32).ToArray(), 1, 1);
        var sgxVerdict = new DcapQuoteVerifier().Verify(sgx.CreateQuote(enclave, []), context);
        var tdxVerdict = new TdxQuoteVerifier().Verify(tdx.CreateQuote(SimulatedTdxPlatformFixture.Td(), [], version5: true), context);

        Assert.True(sgxVerdict.Verified, string.Join("\n", sgxVerdict.Findings));
        Assert.Equal(TcbStatuses.UpToDate, sgxVerdict.TcbStatus);
        Assert.True(tdxVerdict.Verified, string.Join("\n", tdxVerdict.Findings));
        Assert.Equal(TcbStatuses.UpToDate, tdxVerdict.TcbStatus);
    }

    [Fact]
    public void TdxPlatformFirst_CreatesTheSgxPlatform_WhichThenVerifiesWithTheTdxCollateral()
    {
        using var directory = new TemporaryDirectory();
        using var tdx = SimulatedTdxPlatform.OpenOrCreate(directory.Path);
        using var sgx = SimulatedSgxPlatform.OpenOrCreate(directory.Path);
        var collateral = tdx.CreateCollateral(Now).ToCollateralSet();
        var context = new VerificationContext { Time = Now, Collateral = collateral, AllowSimulated = true, SimulatedRoots = [sgx.RootCertificate] };

        var verdict = new DcapQuoteVerifier().Verify(sgx.CreateQuote(sgx.CreateEnclave(new byte[32], new byte[32], 1, 1), []), context);

        Assert.Equal(sgx.RootCertificate.RawData, tdx.RootCertificate.RawData);
        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(["sgx", "tdx"], Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OpenOrCreate_Twice_SharesOneTdQuotingEnclaveKey()
    {
        using var directory = new TemporaryDirectory();
        using var first = SimulatedTdxPlatform.OpenOrCreate(directory.Path);
        using var second = SimulatedTdxPlatform.OpenOrCreate(directory.Path);

        Assert.Equal(first.AttestationPublicKey.ToArray(), second.AttestationPublicKey.ToArray());
        Assert.Equal(first.RootCertificate.RawData, second.RootCertificate.RawData);
    }

    [Fact]
    public async Task OpenOrCreate_RacingFromParallelTasks_EndsWithOneSharedState()
    {
        using var directory = new TemporaryDirectory();
        var root = directory.Sub("not-yet-created");
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return SimulatedTdxPlatform.OpenOrCreate(root);
        })).ToArray();

        start.Set();
        var platforms = await Task.WhenAll(tasks);
        try
        {
            Assert.Single(platforms.Select(p => Convert.ToHexString(p.RootCertificate.RawData)).Distinct());
            Assert.Single(platforms.Select(p => Convert.ToHexString(p.AttestationPublicKey)).Distinct());
            Assert.Equal(["sgx", "tdx"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var platform in platforms)
            {
                platform.Dispose();
            }
        }
    }

    [Fact]
    public void TdQuotingEnclaveKey_IsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var directory = new TemporaryDirectory();
        using var platform = SimulatedTdxPlatform.OpenOrCreate(directory.Path);
        var key = Path.Combine(platform.StateDirectory, "td-qe-attestation-key.pem");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(platform.StateDirectory));
    }

    [Fact]
    public void State_OfAnotherFormat_IsRefused()
    {
        using var directory = new TemporaryDirectory();
        string stateDirectory;
        using (var platform = SimulatedTdxPlatform.OpenOrCreate(directory.Path))
        {
            stateDirectory = platform.StateDirectory;
        }

        File.WriteAllText(Path.Combine(stateDirectory, "FORMAT"), "openccm-simulated-tdx/0\n");

        Assert.Throws<InvalidDataException>(() => SimulatedTdxPlatform.OpenOrCreate(directory.Path));
    }

    [Fact]
    public void Collateral_HasIntelsTdxShapes_SignedOverTheExactBytes()
    {
        using var directory = new TemporaryDirectory();
        using var platform = SimulatedTdxPlatform.OpenOrCreate(directory.Path);
        var collateral = platform.CreateCollateral(Now);

        Assert.Equal(
            ["pck_ca_chain.pem", "pck_crl.der", "qe_identity.json", "root_ca.pem", "root_ca_crl.der", "tcb_info.json", "tcb_signing_chain.pem", "td_qe_identity.json", "tdx_tcb_info.json"],
            collateral.Files.Keys.Order(StringComparer.Ordinal));
        using var tcbSigningKey = platform.TcbSigningCertificate.GetECDsaPublicKey()!;

        var tcbInfo = SignedValue(collateral.TcbInfoJson, "tcbInfo", tcbSigningKey);
        Assert.Equal("TDX", tcbInfo.GetProperty("id").GetString());
        Assert.Equal(3, tcbInfo.GetProperty("version").GetInt32());
        Assert.Equal("0ccc00000000", tcbInfo.GetProperty("fmspc").GetString());
        Assert.Equal(new string('0', 96), tcbInfo.GetProperty("tdxModule").GetProperty("mrsigner").GetString());
        Assert.Equal("0000000000000000", tcbInfo.GetProperty("tdxModule").GetProperty("attributes").GetString());
        Assert.Equal("FFFFFFFFFFFFFFFF", tcbInfo.GetProperty("tdxModule").GetProperty("attributesMask").GetString());
        var module = Assert.Single(tcbInfo.GetProperty("tdxModuleIdentities").EnumerateArray());
        Assert.Equal("TDX_01", module.GetProperty("id").GetString());
        Assert.Equal([3, 1], module.GetProperty("tcbLevels").EnumerateArray().Select(l => l.GetProperty("tcb").GetProperty("isvsvn").GetInt32()));
        var levels = tcbInfo.GetProperty("tcbLevels").EnumerateArray().ToArray();
        Assert.Equal([TcbStatuses.UpToDate, TcbStatuses.OutOfDate], levels.Select(l => l.GetProperty("tcbStatus").GetString()));
        Assert.All(levels, l => Assert.Equal(16, l.GetProperty("tcb").GetProperty("tdxtcbcomponents").GetArrayLength()));
        Assert.Equal(13, levels[0].GetProperty("tcb").GetProperty("pcesvn").GetInt32());

        var identity = SignedValue(collateral.TdQeIdentityJson, "enclaveIdentity", tcbSigningKey);
        Assert.Equal("TD_QE", identity.GetProperty("id").GetString());
        Assert.Equal(2, identity.GetProperty("version").GetInt32());
        Assert.Equal(2, identity.GetProperty("isvprodid").GetInt32());
        Assert.Equal(Convert.ToHexString(platform.TdQuotingEnclave.MrSigner.Span), identity.GetProperty("mrsigner").GetString());
        Assert.Equal([4, 2], identity.GetProperty("tcbLevels").EnumerateArray().Select(l => l.GetProperty("tcb").GetProperty("isvsvn").GetInt32()));
    }

    /// <summary>Checks the signature over the exact bytes of the value (the file is compact JSON) and returns the value.</summary>
    private static JsonElement SignedValue(byte[] file, string name, ECDsa key)
    {
        var prefix = System.Text.Encoding.ASCII.GetBytes($"{{\"{name}\":");
        var suffixStart = file.AsSpan().LastIndexOf(",\"signature\":\""u8);
        Assert.True(file.AsSpan().StartsWith(prefix));
        var value = file[prefix.Length..suffixStart];
        using var document = JsonDocument.Parse(file);
        var signature = Convert.FromHexString(document.RootElement.GetProperty("signature").GetString()!);
        Assert.True(key.VerifyData(value, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        using var valueDocument = JsonDocument.Parse(value);
        return valueDocument.RootElement.Clone();
    }
}

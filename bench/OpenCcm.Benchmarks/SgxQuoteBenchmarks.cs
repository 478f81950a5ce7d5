using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Sgx.Dcap;

namespace OpenCcm.Benchmarks;

/// <summary>
/// Verifying the real SGX quote of sample A with warm collateral, against the two bare ECDSA P-256 verifications
/// it cannot avoid (ISV signature, QE report signature), and parsing alone.
/// </summary>
[MemoryDiagnoser]
public class SgxQuoteBenchmarks
{
    private readonly DcapQuoteVerifier _verifier = new();
    private byte[] _quote = [];
    private VerificationContext _context = null!;
    private ECDsa _key = null!;
    private byte[] _message = [];
    private byte[] _signature = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = TestData.Locate();
        var sample = Path.Combine(root, "sgx-dcap", "A_automata_00606a000000_2025-08");
        _quote = File.ReadAllBytes(Path.Combine(sample, "quote.bin"));
        _context = new VerificationContext
        {
            Time = DateTimeOffset.Parse("2025-08-15T05:45:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Collateral = CollateralSet.LoadDirectories([sample, Path.Combine(root, "intel-roots")]),
        };
        if (!_verifier.Verify(_quote, _context).Verified)
        {
            throw new InvalidOperationException("Sample A does not verify.");
        }

        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _message = _quote[..432];
        _signature = _key.SignData(_message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark]
    public DcapQuote Parse() => DcapQuote.Parse(_quote);

    [Benchmark]
    public bool VerifyWarm() => _verifier.Verify(_quote, _context).Verified;

    [Benchmark(Baseline = true)]
    public bool TwoBareEcdsaP256Verifications() =>
        _key.VerifyData(_message, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
        & _key.VerifyData(_message, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}

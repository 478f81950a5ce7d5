using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using OpenCcm.Attestation;
using OpenCcm.Cli.Evidence;

namespace OpenCcm.Cli.Bench;

/// <summary><c>ccm bench verify</c>: warm verification throughput on one thread, against the bare crypto it needs.</summary>
internal static class BenchCommands
{
    public static Command Create(TextWriter stdout) =>
        new("bench", "Measure throughput, to size deployments.") { CreateVerify(stdout), IssueBenchCommand.Create(stdout), HeartbeatBenchCommand.Create(stdout) };

    private static Command CreateVerify(TextWriter stdout)
    {
        var format = new Option<string>("--format") { Description = "Evidence format to measure.", DefaultValueFactory = _ => "sgx-quote" };
        var seconds = new Option<double>("--seconds") { Description = "How long to measure each loop.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var evidence = new Option<string?>("--evidence") { Description = "Evidence file (default: the format's real sample in shared/testdata)." };
        var collateral = new Option<string[]>("--collateral") { Description = "Collateral directory (repeatable; default: the sample's).", Arity = ArgumentArity.ZeroOrMore };
        var at = new Option<string?>("--at") { Description = "Verification time (default: the sample's pinned time)." };
        var command = new Command("verify", "Verifications per second on one thread with warm caches, and the ratio to the bare signature checks they need.")
        {
            format, seconds, json, evidence, collateral, at,
        };
        command.SetAction(parse =>
        {
            var registry = EvidenceVerifierRegistry.CreateDefault();
            var name = parse.GetValue(format)!;
            var verifier = registry.Find(name) ?? throw new UsageException($"Unknown format '{name}'.");
            var sample = BenchSample.All.FirstOrDefault(s => s.Format == name);
            var (bytes, context) = Inputs(sample, parse.GetValue(evidence), parse.GetValue(collateral) ?? [], parse.GetValue(at));
            var duration = TimeSpan.FromSeconds(Math.Max(0.2, parse.GetValue(seconds)));

            var first = verifier.Verify(bytes, context);
            if (!first.Verified)
            {
                throw new UsageException("The benchmark evidence does not verify: " + string.Join("; ", first.Errors.Select(e => e.Code)));
            }

            var errors = 0;
            var loops = new List<(string Name, Action Operation)> { ("verify", () => errors += verifier.Verify(bytes, context).Verified ? 0 : 1) };
            if (verifier is IEvidenceParser parser)
            {
                loops.Add(("parse", () => parser.ParseUnverified(bytes)));
            }

            var p256 = sample?.EcdsaP256Verifies ?? 0;
            var p384 = sample?.EcdsaP384Verifies ?? 0;
            using var p256Key = EcdsaLoop(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, out var p256Loop);
            using var p384Key = EcdsaLoop(ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, out var p384Loop);
            if (p256 > 0)
            {
                loops.Add(("p256", p256Loop));
            }

            if (p384 > 0)
            {
                loops.Add(("p384", p384Loop));
            }

            var rates = MeasureInterleaved(duration, loops);
            var verifyRate = rates["verify"];
            double? parseRate = rates.TryGetValue("parse", out var pr) ? pr : null;
            double? p256Rate = rates.TryGetValue("p256", out var r1) ? r1 : null;
            double? p384Rate = rates.TryGetValue("p384", out var r2) ? r2 : null;
            // Seconds of bare signature work per verification; its inverse is the physical limit on one core.
            var cryptoSeconds = (p256Rate is { } a ? p256 / a : 0) + (p384Rate is { } b ? p384 / b : 0);
            double? limit = cryptoSeconds > 0 ? 1 / cryptoSeconds : null;

            var result = new Dictionary<string, object?>
            {
                ["format"] = name,
                ["seconds"] = duration.TotalSeconds,
                ["opsPerSecond"] = Math.Round(verifyRate),
                ["parseOpsPerSecond"] = parseRate is { } p ? Math.Round(p) : null,
                ["ecdsaP256VerifyPerSecond"] = p256Rate is { } r256 ? Math.Round(r256) : null,
                ["ecdsaP384VerifyPerSecond"] = p384Rate is { } r384 ? Math.Round(r384) : null,
                ["signatureVerificationsPerOp"] = new Dictionary<string, int> { ["ecdsaP256"] = p256, ["ecdsaP384"] = p384 },
                ["limitOpsPerSecond"] = limit is { } l ? Math.Round(l) : null,
                ["ratioToLimit"] = limit is { } m ? Math.Round(verifyRate / m, 3) : null,
                ["errors"] = errors,
            };
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(result, VerdictPrinter.Json));
            }
            else
            {
                foreach (var (key, value) in result)
                {
                    stdout.WriteLine($"{key,-28} {VerdictPrinter.Format(value)}");
                }
            }

            return errors == 0 ? 0 : 1;
        });
        return command;
    }

    private static (byte[] Evidence, VerificationContext Context) Inputs(BenchSample? sample, string? evidence, string[] collateral, string? at)
    {
        if (evidence is not null)
        {
            return (EvidenceOptions.ReadFile(evidence, "evidence"), new VerificationContext
            {
                Time = EvidenceOptions.ParseTime(at),
                Collateral = CollateralSet.LoadDirectories(collateral),
            });
        }

        if (sample is null)
        {
            throw new UsageException("No default sample for this format: give --evidence, --collateral and --at.");
        }

        var root = BenchSample.LocateTestData() ?? throw new UsageException("shared/testdata/evidence not found: set CCM_TESTDATA or give --evidence.");
        return (EvidenceOptions.ReadFile(Path.Combine([root, .. sample.Evidence]), "evidence"), new VerificationContext
        {
            Time = EvidenceOptions.ParseTime(at ?? sample.At),
            Collateral = CollateralSet.LoadDirectories(collateral.Length > 0 ? collateral : sample.Collateral.Select(c => Path.Combine([root, .. c]))),
        });
    }

    private static ECDsa EcdsaLoop(ECCurve curve, HashAlgorithmName hash, out Action loop)
    {
        var key = ECDsa.Create(curve);
        var message = RandomNumberGenerator.GetBytes(432);
        var signature = key.SignData(message, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        loop = () => key.VerifyData(message, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return key;
    }

    /// <summary>
    /// Operations per second of each loop on this thread. The loops take turns in short slices, so that a change in
    /// machine load affects the measured operation and its bare-crypto baseline alike.
    /// </summary>
    private static Dictionary<string, double> MeasureInterleaved(TimeSpan duration, IReadOnlyList<(string Name, Action Operation)> loops)
    {
        const int Rounds = 10;
        var counts = loops.ToDictionary(l => l.Name, _ => 0L);
        var elapsed = loops.ToDictionary(l => l.Name, _ => TimeSpan.Zero);
        foreach (var (_, operation) in loops)
        {
            var warmUp = Stopwatch.StartNew();
            while (warmUp.Elapsed < TimeSpan.FromMilliseconds(100))
            {
                operation();
            }
        }

        var slice = duration / Rounds;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (name, operation) in loops)
            {
                var watch = Stopwatch.StartNew();
                do
                {
                    for (var i = 0; i < 32; i++)
                    {
                        operation();
                    }

                    counts[name] += 32;
                }
                while (watch.Elapsed < slice);
                elapsed[name] += watch.Elapsed;
            }
        }

        return loops.ToDictionary(l => l.Name, l => counts[l.Name] / elapsed[l.Name].TotalSeconds);
    }
}

using System.CommandLine;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Pki;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Cli.Evidence;

/// <summary>Evidence bytes, the verifier chosen for them, and the context to verify them in, built from the options.</summary>
internal sealed record VerificationRequest(IEvidenceVerifier Verifier, ReadOnlyMemory<byte> Evidence, VerificationContext Context, IDisposable? Platform)
    : IDisposable
{
    public void Dispose() => Platform?.Dispose();

    /// <summary>Reads the file and the collateral, resolves the format; usage and I/O problems throw <see cref="UsageException"/>.</summary>
    public static VerificationRequest? Build(
        ParseResult parse, EvidenceOptions options, string file, EvidenceVerifierRegistry registry, out string? unrecognised)
    {
        unrecognised = null;
        var evidence = EvidenceOptions.ReadFile(file, "evidence");
        var format = parse.GetValue(options.Format) ?? "auto";
        if (IasRawReport.Applies(format, evidence))
        {
            evidence = IasRawReport.Bundle(file, evidence, parse.GetValue(options.Signature), parse.GetValue(options.CertChain));
        }

        IEvidenceVerifier? verifier;
        if (format == "auto")
        {
            verifier = registry.Detect(evidence);
            if (verifier is null)
            {
                unrecognised = $"'{file}' is not recognised as any supported evidence format ({string.Join(", ", registry.Formats)}).";
                return null;
            }
        }
        else
        {
            verifier = registry.Find(format) ?? throw new UsageException($"Unknown or unsupported format '{format}' (supported: auto, {string.Join(", ", registry.Formats)}).");
        }

        var allowSimulated = parse.GetValue(options.AllowSimulated);
        var directories = (parse.GetValue(options.Collateral) ?? []).ToList();
        foreach (var directory in directories.Where(d => !Directory.Exists(d)))
        {
            throw new UsageException($"Collateral directory '{directory}' does not exist.");
        }

        var time = EvidenceOptions.ParseTime(parse.GetValue(options.At));
        var collateral = new CollateralSet.Builder();
        foreach (var directory in directories)
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                collateral.AddFile(path);
            }
        }

        // With --allow-simulated the simulated platforms act as their own PCS/KDS: their roots are trusted and they
        // serve collateral current at the verification time.
        var simulated = allowSimulated ? SimulatedTrust.Open(SimulatedPlatforms.Directory(parse.GetValue(options.SimulatedDir)), time, collateral) : null;
        if (simulated?.Sgx is { } sgx && verifier.Format == EvidenceFormats.SgxReport)
        {
            var target = parse.GetValue(options.TargetInfo) is { } targetFile ? ReadTargetInfo(targetFile) : sgx.QeTargetInfo;
            verifier = sgx.CreateReportVerifier(target);
        }

        var certificates = parse.GetValue(options.CertChain) is { } chainFile
            ? ReadCertificates(chainFile)
            : [];

        var context = new VerificationContext
        {
            Time = time,
            Collateral = collateral.Build(),
            CertificateChain = certificates,
            AllowSimulated = allowSimulated,
            SimulatedRoots = simulated?.Roots ?? [],
        };
        return new VerificationRequest(verifier, evidence, context, simulated);
    }

    private static Attestation.Sgx.SgxTargetInfo ReadTargetInfo(string file)
    {
        try
        {
            return Attestation.Sgx.SgxTargetInfo.Parse(EvidenceOptions.ReadFile(file, "target info"));
        }
        catch (EvidenceFormatException e)
        {
            throw new UsageException($"--target-info '{file}': {e.Message}");
        }
    }

    private static IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> ReadCertificates(string file)
    {
        try
        {
            return PemBundle.ReadCertificates(EvidenceOptions.ReadFile(file, "certificate chain"));
        }
        catch (EvidenceFormatException e)
        {
            throw new UsageException($"--cert-chain '{file}': {e.Message}");
        }
    }
}

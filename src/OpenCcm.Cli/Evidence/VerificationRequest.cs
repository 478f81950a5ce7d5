using System.CommandLine;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Cli.Evidence;

/// <summary>Evidence bytes, the verifier chosen for them, and the context to verify them in, built from the options.</summary>
internal sealed record VerificationRequest(IEvidenceVerifier Verifier, ReadOnlyMemory<byte> Evidence, VerificationContext Context)
{
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

        var simulatedRoots = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
        if (allowSimulated)
        {
            var simulated = SimulatedPlatforms.Directory(parse.GetValue(options.SimulatedDir));
            directories.AddRange(SimulatedPlatforms.CollateralDirectories(simulated));
        }

        var certificates = parse.GetValue(options.CertChain) is { } chainFile
            ? ReadCertificates(chainFile)
            : [];

        var context = new VerificationContext
        {
            Time = EvidenceOptions.ParseTime(parse.GetValue(options.At)),
            Collateral = CollateralSet.LoadDirectories(directories),
            CertificateChain = certificates,
            AllowSimulated = allowSimulated,
            SimulatedRoots = simulatedRoots,
        };
        return new VerificationRequest(verifier, evidence, context);
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

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Pki;

/// <summary>The outcome of building and validating a certificate path at one instant.</summary>
public sealed class ChainValidationResult
{
    internal ChainValidationResult(IReadOnlyList<X509Certificate2> path, IReadOnlyList<Finding> findings, DateTimeOffset validFrom, DateTimeOffset validTo)
    {
        Path = path;
        Findings = findings;
        ValidFrom = validFrom;
        ValidTo = validTo;
    }

    /// <summary>Leaf first, trust anchor last (the anchor from the trusted set, not the one presented).</summary>
    public IReadOnlyList<X509Certificate2> Path { get; }

    public IReadOnlyList<Finding> Findings { get; }

    public bool IsValid => Findings.Count == 0;

    /// <summary>The window in which every certificate of the path is time-valid.</summary>
    public DateTimeOffset ValidFrom { get; }

    public DateTimeOffset ValidTo { get; }

    public X509Certificate2 Root => Path[^1];
}

/// <summary>
/// Builds and validates certificate paths with the platform's X509Chain against a custom set of trust anchors
/// (never the machine store), at a pinned time, without network access. Results are cached by the presented
/// certificates and anchors, and reused for any time inside the path's validity window, because chain building
/// is the most expensive step of a verification.
/// </summary>
public sealed class ChainValidator
{
    private const int MaxCacheEntries = 4096;
    private readonly ConcurrentDictionary<string, ChainValidationResult> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Validates the path from <paramref name="leaf"/> through <paramref name="intermediates"/> (any order,
    /// extras ignored) to one of <paramref name="anchors"/> at <paramref name="time"/>.
    /// </summary>
    public ChainValidationResult Validate(
        X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, IReadOnlyList<X509Certificate2> anchors, DateTimeOffset time)
    {
        var key = CacheKey(leaf, intermediates, anchors);
        if (_cache.TryGetValue(key, out var cached) && cached.IsValid && time >= cached.ValidFrom && time <= cached.ValidTo)
        {
            return cached;
        }

        ChainValidationResult result;
        try
        {
            result = Build(leaf, intermediates, anchors, time);
        }
        catch (CryptographicException e)
        {
            // A certificate whose fields the platform cannot decode: fail closed.
            return Failed(leaf, FindingCodes.CertificateChainInvalid, "A certificate of the chain is malformed: " + e.Message);
        }

        if (result.IsValid)
        {
            if (_cache.Count >= MaxCacheEntries)
            {
                _cache.Clear();
            }

            _cache[key] = result;
        }

        return result;
    }

    private static ChainValidationResult Build(
        X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, IReadOnlyList<X509Certificate2> anchors, DateTimeOffset time)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = time.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        foreach (var anchor in anchors)
        {
            policy.CustomTrustStore.Add(anchor);
        }

        foreach (var certificate in intermediates)
        {
            if (!certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            {
                policy.ExtraStore.Add(certificate);
            }
        }

        bool built;
        try
        {
            built = chain.Build(leaf);
        }
        catch (CryptographicException e)
        {
            return Failed(leaf, FindingCodes.CertificateChainInvalid, "Certificate chain could not be built: " + e.Message);
        }

        var path = chain.ChainElements.Select(e => e.Certificate).ToArray();
        var findings = new List<Finding>();
        foreach (var element in chain.ChainElements)
        {
            foreach (var status in element.ChainElementStatus)
            {
                var finding = Describe(element.Certificate, status.Status, time);
                if (finding is not null && !findings.Exists(f => f.Code == finding.Code && f.Message == finding.Message))
                {
                    findings.Add(finding);
                }
            }
        }

        var root = path[^1];
        var anchored = anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span));
        if (!anchored && !findings.Exists(f => f.Code == FindingCodes.CertificateChainUntrusted))
        {
            findings.Add(Finding.Error(FindingCodes.CertificateChainUntrusted, $"The chain of '{leaf.Subject}' ends at '{root.Subject}', which is not a trusted root."));
        }

        if (!built && findings.Count == 0)
        {
            findings.Add(Finding.Error(FindingCodes.CertificateChainInvalid, $"The chain of '{leaf.Subject}' did not validate."));
        }

        var from = path.Max(c => new DateTimeOffset(c.NotBefore.ToUniversalTime(), TimeSpan.Zero));
        var to = path.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        return new ChainValidationResult(path, findings, from, to);
    }

    private static Finding? Describe(X509Certificate2 certificate, X509ChainStatusFlags status, DateTimeOffset time) => status switch
    {
        X509ChainStatusFlags.NoError => null,
        X509ChainStatusFlags.NotTimeValid when time.UtcDateTime < certificate.NotBefore.ToUniversalTime() =>
            Finding.Error(FindingCodes.CertificateNotYetValid, $"Certificate '{certificate.Subject}' is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}."),
        X509ChainStatusFlags.NotTimeValid =>
            Finding.Error(FindingCodes.CertificateExpired, $"Certificate '{certificate.Subject}' expired at {certificate.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}."),
        X509ChainStatusFlags.NotSignatureValid =>
            Finding.Error(FindingCodes.CertificateSignatureInvalid, $"The signature on certificate '{certificate.Subject}' is invalid."),
        X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain =>
            Finding.Error(FindingCodes.CertificateChainUntrusted, $"Certificate '{certificate.Subject}' does not chain to a trusted root."),
        _ => Finding.Error(FindingCodes.CertificateChainInvalid, $"Certificate '{certificate.Subject}': {status}."),
    };

    private static ChainValidationResult Failed(X509Certificate2 leaf, string code, string message) =>
        new([leaf], [Finding.Error(code, message)], DateTimeOffset.MinValue, DateTimeOffset.MinValue);

    private static string CacheKey(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, IReadOnlyList<X509Certificate2> anchors)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(leaf.RawDataMemory.Span);
        foreach (var c in intermediates)
        {
            hash.AppendData("|i"u8);
            hash.AppendData(c.RawDataMemory.Span);
        }

        foreach (var c in anchors)
        {
            hash.AppendData("|a"u8);
            hash.AppendData(c.RawDataMemory.Span);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

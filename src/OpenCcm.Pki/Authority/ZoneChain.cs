using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Authority;

/// <summary>X509Chain against exactly one zone's root (never the machine store), offline.</summary>
internal static class ZoneChain
{
    /// <summary>
    /// True when <paramref name="certificate"/> has a valid path of exactly <paramref name="expectedLength"/>
    /// certificates ending at <paramref name="root"/>, at <paramref name="time"/>, valid for
    /// every usage in <paramref name="requiredUsages"/>. Otherwise false, with the reason in <paramref name="problem"/>.
    /// </summary>
    public static bool TryValidate(
        X509Certificate2 certificate, X509Certificate2 root, X509Certificate2? intermediate, int expectedLength,
        DateTimeOffset time, IEnumerable<string> requiredUsages, out string problem)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(root);
        if (intermediate is not null)
        {
            policy.ExtraStore.Add(intermediate);
        }

        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = time.UtcDateTime;

        foreach (var usage in requiredUsages)
        {
            policy.ApplicationPolicy.Add(new Oid(usage));
        }

        try
        {
            if (!chain.Build(certificate))
            {
                problem = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));
                return false;
            }
        }
        catch (CryptographicException e)
        {
            problem = "the chain could not be built: " + e.Message;
            return false;
        }

        var elements = chain.ChainElements;
        if (elements.Count != expectedLength)
        {
            problem = $"the path has {elements.Count} certificates, expected {expectedLength}";
            return false;
        }

        if (!elements[^1].Certificate.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span))
        {
            problem = "the path does not end at the zone root";
            return false;
        }

        problem = "";
        return true;
    }
}

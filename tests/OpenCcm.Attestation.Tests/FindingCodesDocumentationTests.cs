using System.Reflection;

namespace OpenCcm.Attestation.Tests;

/// <summary>Every stable finding code is documented in docs/findings.md, and every code is unique.</summary>
public class FindingCodesDocumentationTests
{
    [Fact]
    public void EveryCode_IsDocumented_AndUnique()
    {
        var codes = typeof(FindingCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Append(OpenCcm.Attestation.Policy.PolicyDecision.EvidenceNotAuthentic)
            .ToArray();
        var document = File.ReadAllText(Locate("docs", "findings.md"));

        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Contains($"`{code}`", document, StringComparison.Ordinal));
    }

    private static string Locate(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, .. parts]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(string.Join('/', parts));
    }
}

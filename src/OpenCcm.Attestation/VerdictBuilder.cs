namespace OpenCcm.Attestation;

/// <summary>
/// Collects findings while a verifier runs. The verdict is authentic only if <see cref="Complete"/> was
/// called (the verifier reached its end) and no error was recorded, so an early return or an unexpected
/// path can never yield "verified".
/// </summary>
public sealed class VerdictBuilder
{
    private readonly List<Finding> _findings = [];
    private readonly List<string> _advisories = [];
    private bool _completed;

    public VerdictBuilder(string format)
    {
        Format = format;
    }

    public string Format { get; }

    public IEvidenceClaims? Claims { get; set; }

    public string? TcbStatus { get; set; }

    public bool Simulated { get; set; }

    public bool HasErrors => _findings.Exists(f => f.Severity == FindingSeverity.Error);

    public IReadOnlyList<Finding> Findings => _findings;

    public VerdictBuilder Add(Finding finding)
    {
        _findings.Add(finding);
        return this;
    }

    public VerdictBuilder Error(string code, string message) => Add(Finding.Error(code, message));

    public VerdictBuilder Warning(string code, string message) => Add(Finding.Warning(code, message));

    public VerdictBuilder Info(string code, string message) => Add(Finding.Info(code, message));

    public VerdictBuilder AddAdvisories(IEnumerable<string> advisoryIds)
    {
        foreach (var id in advisoryIds)
        {
            if (!_advisories.Contains(id))
            {
                _advisories.Add(id);
            }
        }

        return this;
    }

    /// <summary>Marks that every check of the verifier ran. Without it the verdict is not authentic.</summary>
    public VerdictBuilder Complete()
    {
        _completed = true;
        return this;
    }

    public AttestationVerdict Build()
    {
        var ordered = _findings
            .Select((f, i) => (f, i))
            .OrderBy(x => x.f.Severity switch { FindingSeverity.Error => 0, FindingSeverity.Warning => 1, _ => 2 })
            .ThenBy(x => x.i)
            .Select(x => x.f)
            .ToArray();
        return new AttestationVerdict(Format, _completed && !HasErrors, Claims, TcbStatus, _advisories.ToArray(), Simulated, ordered, malformed: false);
    }

    /// <summary>A verdict for bytes that could not be parsed.</summary>
    public static AttestationVerdict Malformed(string format, EvidenceFormatException error) =>
        new(format, verified: false, claims: null, tcbStatus: null, advisories: [], simulated: false, [Finding.Error(error.Code, error.Message)], malformed: true);
}

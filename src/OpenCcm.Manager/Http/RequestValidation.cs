namespace OpenCcm.Manager.Http;

/// <summary>Validation of request bodies: collects every problem, then answers one 400 ValidationFailed.</summary>
internal sealed class RequestValidation
{
    private readonly List<string> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public RequestValidation Require(bool condition, string message)
    {
        if (!condition)
        {
            _errors.Add(message);
        }

        return this;
    }

    public IResult Problem() =>
        ApiProblems.Result(StatusCodes.Status400BadRequest, ApiProblems.ValidationFailed, string.Join(" ", _errors));
}

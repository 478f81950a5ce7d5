namespace OpenCcm.Core.Stores;

/// <summary>
/// An update or delete carried a version that is no longer current: the row changed (or was deleted) since it was
/// read. Read it again and retry the decision.
/// </summary>
public sealed class ConcurrencyException : StoreException
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

namespace OpenCcm.Core.Stores;

/// <summary>A write referred to a row that does not exist (e.g. a zone of an unknown account).</summary>
public sealed class MissingReferenceException : StoreException
{
    /// <summary>Creates the exception.</summary>
    public MissingReferenceException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

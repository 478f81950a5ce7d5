namespace OpenCcm.Core.Stores;

/// <summary>A write broke a uniqueness rule (same id, name in the account, MRENCLAVE in the account, token hash, serial...).</summary>
public sealed class DuplicateException : StoreException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }

    /// <summary>The database constraint or index that refused the write, when known.</summary>
    public string? Constraint { get; init; }
}

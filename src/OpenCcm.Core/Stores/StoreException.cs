namespace OpenCcm.Core.Stores;

/// <summary>Base of the typed failures stores raise; anything else from a store is an infrastructure fault.</summary>
public abstract class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected StoreException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }

    /// <summary>The model type concerned (e.g. <c>Account</c>).</summary>
    public string? EntityType { get; init; }
}

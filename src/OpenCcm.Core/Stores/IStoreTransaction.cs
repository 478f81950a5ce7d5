namespace OpenCcm.Core.Stores;

/// <summary>
/// A transaction spanning every store of the same scope. Disposing it without <see cref="CommitAsync"/> rolls back
/// everything written through those stores since it began.
/// </summary>
public interface IStoreTransaction : IAsyncDisposable
{
    /// <summary>Makes the writes durable.</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken = default);
}

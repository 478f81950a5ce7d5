namespace OpenCcm.Core.Stores;

/// <summary>Begins transactions over the stores of the current scope (writes that must happen together, DESIGN.md §6).</summary>
public interface IStoreTransactions
{
    /// <summary>Begins a transaction; stores of this scope join it until it is committed or disposed.</summary>
    /// <exception cref="InvalidOperationException">A transaction is already active in this scope.</exception>
    ValueTask<IStoreTransaction> BeginAsync(CancellationToken cancellationToken = default);
}

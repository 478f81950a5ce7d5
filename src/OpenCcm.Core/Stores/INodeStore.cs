using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists enrolled nodes.</summary>
public interface INodeStore
{
    /// <summary>Adds a node; the stored copy (version 1) is returned.</summary>
    /// <exception cref="DuplicateException">The id is taken.</exception>
    /// <exception cref="MissingReferenceException">The account or zone does not exist.</exception>
    ValueTask<Node> CreateAsync(Node node, CancellationToken cancellationToken = default);

    /// <summary>The node, or null.</summary>
    ValueTask<Node?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Nodes matching <paramref name="query"/>, oldest first.</summary>
    ValueTask<Page<Node>> ListAsync(NodeQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Replaces the node if its <see cref="Node.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed or was deleted since it was read.</exception>
    ValueTask<Node> UpdateAsync(Node node, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a status report: sets last-seen time and agent version without bumping the version (reports are
    /// frequent and must not conflict with administrators' edits). False when absent.
    /// </summary>
    ValueTask<bool> RecordSeenAsync(Guid id, DateTimeOffset at, string? agentVersion, CancellationToken cancellationToken = default);
}

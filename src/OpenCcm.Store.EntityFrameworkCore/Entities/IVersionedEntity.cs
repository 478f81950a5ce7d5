namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>An entity with an optimistic concurrency version (a plain counter, portable across providers).</summary>
public interface IVersionedEntity
{
    /// <summary>Bumped by every update; the update's WHERE clause carries the version that was read.</summary>
    long Version { get; set; }
}

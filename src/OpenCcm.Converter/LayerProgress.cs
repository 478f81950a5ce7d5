namespace OpenCcm.Converter;

/// <summary>Where a layer is in a conversion.</summary>
public enum LayerPhase
{
    /// <summary>Pulled, digest-checked and flattened (bytes = compressed bytes read).</summary>
    Checking,

    /// <summary>The target already has it: not read for pushing.</summary>
    Present,

    /// <summary>Being uploaded.</summary>
    Pushing,

    Done,
}

/// <summary>Progress of one layer (<paramref name="LayerIndex"/> of <paramref name="LayerCount"/>; the runtime layer is the last).</summary>
public sealed record LayerProgress(int LayerIndex, int LayerCount, string Digest, LayerPhase Phase, long BytesDone, long BytesTotal);

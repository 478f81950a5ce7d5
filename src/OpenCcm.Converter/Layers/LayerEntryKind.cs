namespace OpenCcm.Converter.Layers;

/// <summary>What an accepted layer entry does to the tree.</summary>
public enum LayerEntryKind
{
    RegularFile,
    Directory,
    SymbolicLink,
    HardLink,

    /// <summary>".wh.NAME": deletes NAME (and below) from the lower layers.</summary>
    Whiteout,

    /// <summary>".wh..wh..opq": hides every lower-layer child of its directory.</summary>
    OpaqueWhiteout,
}

namespace OpenCcm.Attestation.Providers;

/// <summary>A file-system operation of <see cref="ConfigfsTsmProvider"/> on a report entry.</summary>
internal enum TsmOperation
{
    /// <summary>mkdir of the entry directory (configfs make_item creates its attributes).</summary>
    CreateEntry,

    /// <summary>open + read until EOF + close of an attribute.</summary>
    Read,

    /// <summary>open + write + close of an attribute (configfs commits a binary attribute on close).</summary>
    Write,

    /// <summary>rmdir of the entry directory (configfs drops the item with its attributes).</summary>
    RemoveEntry,
}

/// <summary>
/// What the kernel does beside each file operation. On a real configfs mount the kernel itself does it and these hooks
/// are empty (<see cref="None"/>). A test "kernel" implements them over a plain directory, so the provider's own
/// operations — the same opens, reads, writes, mkdir and rmdir, in the same order — run unchanged against it: it
/// creates the attribute files after mkdir, bumps <c>generation</c> after a write, produces <c>outblob</c>/<c>auxblob</c>
/// before they are read, removes the attribute files before rmdir, and throws from <see cref="Before"/> the exception
/// .NET raises for an errno to model a failing system call.
/// </summary>
internal interface ITsmKernelHooks
{
    void Before(TsmOperation operation, string entryPath, string? attribute);

    void After(TsmOperation operation, string entryPath, string? attribute);
}

/// <summary>The hooks of a real kernel: nothing to do.</summary>
internal sealed class NoTsmKernelHooks : ITsmKernelHooks
{
    public static readonly NoTsmKernelHooks Instance = new();

    public void Before(TsmOperation operation, string entryPath, string? attribute)
    {
    }

    public void After(TsmOperation operation, string entryPath, string? attribute)
    {
    }
}

using System.Globalization;
using OpenCcm.Attestation.Providers;

namespace OpenCcm.Attestation.Tests.Providers;

/// <summary>
/// A configfs-tsm "kernel" over a plain directory, modelled on drivers/virt/coco/guest/report.c. The provider does its
/// real file operations (mkdir, open/read/write/close, rmdir) on the directory; this class does, through the
/// provider's kernel hooks, what the kernel would do beside them:
/// <list type="bullet">
/// <item>after mkdir — make_item: the entry's attribute files appear (provider, generation "0", inblob, outblob;
/// for sev_guest also auxblob, privlevel, privlevel_floor);</item>
/// <item>after a write is closed — inblob_write / privlevel_store: generation (write_generation) + 1;</item>
/// <item>before outblob/auxblob are read — tsm_report_read: EINVAL without inblob; if read_generation differs from
/// write_generation, report_new makes outblob/auxblob from the current inblob;</item>
/// <item>before rmdir — drop_item: the attribute files go with the entry;</item>
/// <item>faults — <see cref="Fault"/> throws what .NET raises for an errno (IOException with HResult = errno,
/// UnauthorizedAccessException for EACCES, ArgumentOutOfRangeException("value") for EFBIG).</item>
/// </list>
/// <see cref="InterfereOnAttempts"/> plays a second process that writes its own inblob into our entry between our write
/// and our read, which the kernel ABI says userspace detects by the generation count.
/// </summary>
internal sealed class FakeTsmKernel(string providerName, Func<byte[], byte[]> report, Func<byte[], byte[]>? certificates = null) : ITsmKernelHooks
{
    private readonly Dictionary<string, EntryState> _entries = [];

    /// <summary>Every operation in order: "mkdir", "read provider", "write inblob", ..., "rmdir".</summary>
    public List<string> Log { get; } = [];

    /// <summary>Every entry directory created, in order.</summary>
    public List<string> Entries { get; } = [];

    /// <summary>The inblob of each entry as the kernel saw it when our write was closed.</summary>
    public List<byte[]> WrittenInblobs { get; } = [];

    /// <summary>What privlevel was set to, as text.</summary>
    public List<string> WrittenPrivilegeLevels { get; } = [];

    /// <summary>Thrown from the hook before an operation (operation, attribute) — a failing system call.</summary>
    public Func<TsmOperation, string?, Exception?> Fault { get; set; } = (_, _) => null;

    /// <summary>How many attempts (entries, from the first) a concurrent writer disturbs.</summary>
    public int InterfereOnAttempts { get; set; }

    public bool HasPrivilegeLevel => providerName == "sev_guest";

    public void Before(TsmOperation operation, string entryPath, string? attribute)
    {
        Log.Add(Describe(operation, attribute));
        if (Fault(operation, attribute) is { } fault)
        {
            throw fault;
        }

        switch (operation)
        {
            case TsmOperation.Read when attribute is "outblob" or "auxblob":
                var state = _entries[entryPath];
                if (attribute == "outblob" && Entries.IndexOf(entryPath) < InterfereOnAttempts)
                {
                    state.Inblob = Enumerable.Repeat((byte)0xEE, 64).ToArray();
                    Bump(entryPath, state);
                }

                Generate(entryPath, state);
                break;
            case TsmOperation.RemoveEntry:
                foreach (var file in Directory.EnumerateFiles(entryPath))
                {
                    File.Delete(file);
                }

                _entries.Remove(entryPath);
                break;
        }
    }

    public void After(TsmOperation operation, string entryPath, string? attribute)
    {
        switch (operation)
        {
            case TsmOperation.CreateEntry:
                Entries.Add(entryPath);
                _entries[entryPath] = new EntryState();
                string[] attributes = HasPrivilegeLevel
                    ? ["inblob", "outblob", "auxblob", "privlevel"]
                    : ["inblob", "outblob"];
                foreach (var name in attributes)
                {
                    File.WriteAllBytes(Path.Combine(entryPath, name), []);
                }

                File.WriteAllText(Path.Combine(entryPath, "provider"), providerName + "\n");
                File.WriteAllText(Path.Combine(entryPath, "generation"), "0\n");
                if (HasPrivilegeLevel)
                {
                    File.WriteAllText(Path.Combine(entryPath, "privlevel_floor"), "0\n");
                }

                break;
            case TsmOperation.Write:
                var state = _entries[entryPath];
                var written = File.ReadAllBytes(Path.Combine(entryPath, attribute!));
                if (attribute == "inblob")
                {
                    state.Inblob = written;
                    WrittenInblobs.Add(written);
                }
                else
                {
                    WrittenPrivilegeLevels.Add(System.Text.Encoding.ASCII.GetString(written));
                }

                Bump(entryPath, state);
                break;
        }
    }

    private static string Describe(TsmOperation operation, string? attribute) => operation switch
    {
        TsmOperation.CreateEntry => "mkdir",
        TsmOperation.RemoveEntry => "rmdir",
        TsmOperation.Read => "read " + attribute,
        _ => "write " + attribute,
    };

    private static void Bump(string entryPath, EntryState state)
    {
        state.WriteGeneration++;
        File.WriteAllText(Path.Combine(entryPath, "generation"), state.WriteGeneration.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    private void Generate(string entryPath, EntryState state)
    {
        if (state.Inblob.Length == 0)
        {
            throw new IOException("Invalid argument", 22);
        }

        if (state.ReadGeneration == state.WriteGeneration && state.Generated)
        {
            return;
        }

        File.WriteAllBytes(Path.Combine(entryPath, "outblob"), report(state.Inblob));
        if (HasPrivilegeLevel)
        {
            File.WriteAllBytes(Path.Combine(entryPath, "auxblob"), certificates?.Invoke(state.Inblob) ?? []);
        }

        state.ReadGeneration = state.WriteGeneration;
        state.Generated = true;
    }

    private sealed class EntryState
    {
        public byte[] Inblob { get; set; } = [];

        public ulong WriteGeneration { get; set; }

        public ulong ReadGeneration { get; set; }

        public bool Generated { get; set; }
    }
}

using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using OpenCcm.Converter.Images;
using ZstdSharp;

namespace OpenCcm.Converter.Layers;

/// <summary>
/// Streams the entries of one layer (tar, optionally gzip or zstd compressed) and refuses untrusted content with a
/// stable code (docs/converter.md, "Untrusted content"): absolute or ".." names, relative symlinks climbing above the
/// root, escaping hard links, device nodes, FIFOs, escaping whiteouts, unsupported entry types, sizes over
/// <see cref="LayerLimits"/>, and an uncompressed stream that does not match the config's diff_id. Checks that need the
/// tree built so far (links through symlinks, hard link targets) are the <see cref="LayerFlattener"/>'s.
/// Nothing is written to disk; memory is one tar header and the caller's read buffer.
/// </summary>
public sealed class LayerReader : IAsyncDisposable
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    private readonly Stream blob;
    private readonly MeteredStream uncompressed;
    private readonly TarReader tar;
    private readonly LayerLimits limits;
    private readonly string? diffId;
    private int entryCount;
    private bool finished;

    private LayerReader(Stream blob, MeteredStream uncompressed, LayerLimits limits, string? diffId)
    {
        this.blob = blob;
        this.uncompressed = uncompressed;
        this.limits = limits;
        this.diffId = diffId;
        tar = new TarReader(uncompressed, leaveOpen: true);
    }

    /// <summary>Uncompressed bytes read so far (for progress).</summary>
    public long UncompressedBytesRead => uncompressed.BytesRead;

    /// <summary>
    /// Opens a layer. <paramref name="blob"/> is the blob as stored (wrap it in a <see cref="VerifyingStream"/> to check
    /// its digest: the reader reads it to the end); <paramref name="diffId"/>, when given, is checked against the
    /// SHA-256 of the uncompressed tar once the last entry was read.
    /// </summary>
    public static LayerReader Open(Stream blob, LayerCompression compression, LayerLimits? limits = null, string? diffId = null)
    {
        ArgumentNullException.ThrowIfNull(blob);
        limits ??= LayerLimits.Default;
        if (diffId is not null)
        {
            Sha256Digest.Parse(diffId);
        }

        Stream decompressed = compression switch
        {
            LayerCompression.None => new NonClosingStream(blob),
            LayerCompression.Gzip => new GZipStream(blob, CompressionMode.Decompress, leaveOpen: true),
            LayerCompression.Zstd => new DecompressionStream(blob, leaveOpen: true),
            _ => throw new ConversionException(ConversionErrorCodes.CompressionUnsupported, $"Unknown compression {compression}."),
        };
        return new LayerReader(blob, new MeteredStream(decompressed, limits.MaxLayerUncompressedBytes, "uncompressed layer"), limits, diffId);
    }

    /// <summary>
    /// The next accepted entry, or null at the end (after the blob was read to its end and the diff_id checked).
    /// A regular file's <see cref="LayerEntry.Content"/> must be consumed before the next call.
    /// </summary>
    /// <exception cref="ConversionException">Untrusted or malformed content.</exception>
    public async ValueTask<LayerEntry?> ReadNextAsync(CancellationToken cancellationToken = default)
    {
        while (!finished)
        {
            var entry = await NextTarEntryAsync(cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                await FinishAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }

            if (++entryCount > limits.MaxEntriesPerLayer)
            {
                throw new ConversionException(ConversionErrorCodes.SizeLimitExceeded, $"The layer has more than {limits.MaxEntriesPerLayer} entries.");
            }

            var checkedEntry = Check(entry);
            if (checkedEntry is not null)
            {
                return checkedEntry;
            }
        }

        return null;
    }

    private async ValueTask<TarEntry?> NextTarEntryAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ZstdException or ArgumentException)
        {
            throw new ConversionException(ConversionErrorCodes.LayerMalformed, $"The layer is not a well-formed archive: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            // TarReader refuses some GNU extensions (sparse files, multi-volume) this way.
            throw new ConversionException(ConversionErrorCodes.EntryTypeUnsupported, $"The layer uses an unsupported tar feature: {e.Message}", e);
        }
    }

    private LayerEntry? Check(TarEntry entry)
    {
        var path = LayerPaths.NormalizeEntryName(entry.Name, limits.MaxPathLength);
        var name = LayerPaths.Name(path);
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            return Whiteout(path, name);
        }

        var kind = entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => LayerEntryKind.RegularFile,
            TarEntryType.Directory => LayerEntryKind.Directory,
            TarEntryType.SymbolicLink => LayerEntryKind.SymbolicLink,
            TarEntryType.HardLink => LayerEntryKind.HardLink,
            TarEntryType.GlobalExtendedAttributes => (LayerEntryKind?)null,
            TarEntryType.CharacterDevice or TarEntryType.BlockDevice =>
                throw Refuse(ConversionErrorCodes.DeviceNode, path, $"The entry '{path}' is a device node."),
            TarEntryType.Fifo =>
                throw Refuse(ConversionErrorCodes.FifoNode, path, $"The entry '{path}' is a FIFO."),
            _ => throw Refuse(ConversionErrorCodes.EntryTypeUnsupported, path, $"The entry '{path}' has the unsupported type {entry.EntryType}."),
        };
        if (kind is null)
        {
            return null;
        }

        if (path.Length == 0)
        {
            // The root's own entry ("./"): the converter keeps the root as the runtime creates it.
            return kind == LayerEntryKind.Directory ? null : throw Refuse(ConversionErrorCodes.EntryPathInvalid, path, "A non-directory entry names the root.");
        }

        string? linkTarget = null;
        switch (kind)
        {
            case LayerEntryKind.RegularFile when entry.Length > limits.MaxEntrySize || entry.Length < 0:
                throw Refuse(ConversionErrorCodes.SizeLimitExceeded, path, $"The file '{path}' has {entry.Length} bytes, over the limit of {limits.MaxEntrySize}.");
            case LayerEntryKind.SymbolicLink:
                linkTarget = CheckSymlink(path, entry.LinkName);
                break;
            case LayerEntryKind.HardLink:
                linkTarget = CheckHardLink(path, entry.LinkName);
                break;
        }

        return new LayerEntry
        {
            Kind = kind.Value,
            Path = path,
            LinkTarget = linkTarget,
            Mode = entry.Mode,
            Uid = entry.Uid,
            Gid = entry.Gid,
            ModificationTime = entry.ModificationTime,
            Size = kind == LayerEntryKind.RegularFile ? entry.Length : 0,
            Content = kind == LayerEntryKind.RegularFile ? entry.DataStream ?? Stream.Null : null,
        };
    }

    private static LayerEntry Whiteout(string path, string name)
    {
        var directory = LayerPaths.Parent(path);
        if (name == OpaqueMarker)
        {
            return new LayerEntry { Kind = LayerEntryKind.OpaqueWhiteout, Path = directory };
        }

        if (name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
        {
            throw Refuse(ConversionErrorCodes.WhiteoutInvalid, path, $"'{path}' is a whiteout metadata name other than the opaque marker.");
        }

        var hidden = name[WhiteoutPrefix.Length..];
        if (hidden is "" or "." or "..")
        {
            throw Refuse(ConversionErrorCodes.WhiteoutEscapes, path, $"The whiteout '{path}' would delete '{hidden}', outside what a whiteout may name.");
        }

        return new LayerEntry { Kind = LayerEntryKind.Whiteout, Path = LayerPaths.Combine(directory, hidden) };
    }

    private string CheckSymlink(string path, string target)
    {
        if (target.Length == 0)
        {
            throw Refuse(ConversionErrorCodes.EntryPathInvalid, path, $"The symbolic link '{path}' has an empty target.");
        }

        LayerPaths.CheckCharacters(target, limits.MaxPathLength, "link target");
        return LayerPaths.SymlinkStaysInside(path, target)
            ? target
            : throw Refuse(ConversionErrorCodes.SymlinkEscapes, path, $"The symbolic link '{path}' -> '{target}' climbs above the root.");
    }

    private string CheckHardLink(string path, string target)
    {
        string normalized;
        try
        {
            normalized = LayerPaths.NormalizeEntryName(target, limits.MaxPathLength);
        }
        catch (ConversionException e) when (e.Code is ConversionErrorCodes.EntryPathAbsolute or ConversionErrorCodes.EntryPathTraversal)
        {
            throw Refuse(ConversionErrorCodes.HardLinkEscapes, path, $"The hard link '{path}' -> '{target}' points outside the layer's tree.");
        }

        return normalized.Length > 0
            ? normalized
            : throw Refuse(ConversionErrorCodes.HardLinkEscapes, path, $"The hard link '{path}' points at the root.");
    }

    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        finished = true;
        try
        {
            // Tar ends with zero blocks and padding the reader does not consume: read both streams to their ends so the
            // diff_id and the blob digest cover every byte.
            await uncompressed.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            await blob.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdException)
        {
            throw new ConversionException(ConversionErrorCodes.LayerMalformed, $"The layer's compressed stream is broken: {e.Message}", e);
        }

        if (diffId is not null && !CryptographicOperations.FixedTimeEquals(uncompressed.CurrentHash(), Sha256Digest.Parse(diffId)))
        {
            throw new ConversionException(ConversionErrorCodes.LayerDiffIdMismatch, $"The uncompressed layer hashes to {Sha256Digest.Format(uncompressed.CurrentHash())}, not to its diff_id {diffId}.");
        }
    }

    private static ConversionException Refuse(string code, string path, string message) => new(code, message) { EntryPath = path };

    public async ValueTask DisposeAsync()
    {
        await tar.DisposeAsync().ConfigureAwait(false);
        await uncompressed.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Keeps the caller's blob stream open when the layer is not compressed.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Buffers.Binary;

namespace OpenCcm.Attestation.Providers;

/// <summary>
/// The SEV-SNP host certificate table that configfs-tsm returns as <c>auxblob</c> for <c>sev_guest</c> (the GHCB
/// MSG_REPORT_REQ cert_table, GHCB spec 56421 §4.1.8.1; evidence-formats.md §8.4, §10.1). Entries of 24 bytes:
/// GUID (16, RFC 4122 byte order), offset (u32 LE, from the table's start), length (u32 LE); an all-zero entry ends
/// the table, and the certificates follow it. The kernel sizes the blob to the furthest offset + length
/// (drivers/virt/coco/sev-guest/sev-guest.c, sev_report_new), so every entry must lie inside it.
/// </summary>
public sealed class SnpCertificateTable
{
    public const int EntrySize = 24;

    public static readonly Guid VcekGuid = new("63da758d-e664-4564-adc5-f4b93be8accd");
    public static readonly Guid VlekGuid = new("a8074bc2-a25a-483e-aae6-39c045a0b8a1");
    public static readonly Guid AskGuid = new("4ab7b379-bbac-4fe4-a02f-05aef327c782");
    public static readonly Guid ArkGuid = new("c0b406a4-a803-4952-9743-3fb6014cd0ae");
    public static readonly Guid CrlGuid = new("92f81bc3-5811-4d3d-97ff-d19f88dc67ea");

    private SnpCertificateTable(ReadOnlyMemory<byte> raw, IReadOnlyList<SnpCertificateTableEntry> entries)
    {
        Raw = raw;
        Entries = entries;
    }

    /// <summary>The blob as received.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The entries in table order (the terminator excluded).</summary>
    public IReadOnlyList<SnpCertificateTableEntry> Entries { get; }

    /// <summary>The entry of that kind, or null (a table holds each GUID at most once).</summary>
    public SnpCertificateTableEntry? Find(SnpCertificateKind kind) => Entries.FirstOrDefault(e => e.Kind == kind);

    public static SnpCertificateKind KindOf(Guid guid) =>
        guid == VcekGuid ? SnpCertificateKind.Vcek
        : guid == VlekGuid ? SnpCertificateKind.Vlek
        : guid == AskGuid ? SnpCertificateKind.Ask
        : guid == ArkGuid ? SnpCertificateKind.Ark
        : guid == CrlGuid ? SnpCertificateKind.Crl
        : SnpCertificateKind.Other;

    /// <summary>
    /// Parses a table. An empty or all-zero blob is a table without entries (the host supplied no certificates).
    /// Throws <see cref="EvidenceFormatException"/> (<see cref="FindingCodes.SnpCertificateTableMalformed"/>) when the
    /// terminator is missing, an entry is empty, points into the table or past the blob's end, or a GUID repeats.
    /// </summary>
    public static SnpCertificateTable Parse(ReadOnlyMemory<byte> blob)
    {
        var span = blob.Span;
        var count = CountEntries(span);
        var tableEnd = (count + 1) * EntrySize;
        var entries = new List<SnpCertificateTableEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var raw = span.Slice(i * EntrySize, EntrySize);
            var guid = new Guid(raw[..16], bigEndian: true);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(raw[16..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(raw[20..]);
            if (guid == Guid.Empty || length == 0)
            {
                throw Malformed($"entry {i} ({guid}) has a null GUID or no data (offset {offset}, length {length}).");
            }

            if (offset < tableEnd || (ulong)offset + length > (ulong)blob.Length)
            {
                throw Malformed(
                    $"entry {i} ({guid}) selects bytes [{offset}, {(ulong)offset + length}) but certificates lie in [{tableEnd}, {blob.Length}).");
            }

            if (entries.Exists(e => e.Guid == guid))
            {
                throw Malformed($"GUID {guid} appears twice.");
            }

            entries.Add(new SnpCertificateTableEntry(guid, (int)offset, blob.Slice((int)offset, (int)length)));
        }

        return new SnpCertificateTable(blob, entries);
    }

    /// <summary>
    /// Builds a table as a host does: the entries, the all-zero terminator, then each blob in order (for simulated hosts
    /// and tests). GUIDs must be distinct and non-null, blobs non-empty.
    /// </summary>
    public static byte[] Encode(IReadOnlyList<KeyValuePair<Guid, ReadOnlyMemory<byte>>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Any(e => e.Key == Guid.Empty || e.Value.IsEmpty) || entries.DistinctBy(e => e.Key).Count() != entries.Count)
        {
            throw new ArgumentException("Entries need distinct non-null GUIDs and non-empty data.", nameof(entries));
        }

        var tableEnd = (entries.Count + 1) * EntrySize;
        var blob = new byte[tableEnd + entries.Sum(e => e.Value.Length)];
        var offset = tableEnd;
        for (var i = 0; i < entries.Count; i++)
        {
            var slot = blob.AsSpan(i * EntrySize, EntrySize);
            entries[i].Key.TryWriteBytes(slot[..16], bigEndian: true, out _);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[16..], (uint)offset);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[20..], (uint)entries[i].Value.Length);
            entries[i].Value.Span.CopyTo(blob.AsSpan(offset));
            offset += entries[i].Value.Length;
        }

        return blob;
    }

    /// <summary>
    /// Adds the VCEK, VLEK, ASK/ASVK, ARK and CRL entries to <paramref name="builder"/>, which recognises certificates
    /// and CRLs by content (DER or PEM) and records anything else as ignored. Nothing is trusted by being added.
    /// </summary>
    public CollateralSet.Builder AddTo(CollateralSet.Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var entry in Entries.Where(e => e.Kind != SnpCertificateKind.Other))
        {
            builder.Add(entry.Data.ToArray(), $"auxblob {entry.Kind} {entry.Guid}");
        }

        return builder;
    }

    private static int CountEntries(ReadOnlySpan<byte> span)
    {
        if (span.IndexOfAnyExcept((byte)0) < 0)
        {
            return 0;
        }

        for (var i = 0; (i + 1) * EntrySize <= span.Length; i++)
        {
            if (span.Slice(i * EntrySize, EntrySize).IndexOfAnyExcept((byte)0) < 0)
            {
                return i;
            }
        }

        throw Malformed($"no all-zero terminator entry within the {span.Length} bytes.");
    }

    private static EvidenceFormatException Malformed(string detail) =>
        new(FindingCodes.SnpCertificateTableMalformed, "SEV-SNP certificate table: " + detail);
}

using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Providers;

namespace OpenCcm.Attestation.Tests.Providers;

/// <summary>The GHCB certificate table (configfs-tsm auxblob for sev_guest): layout, GUID byte order, and every bound.</summary>
public sealed class SnpCertificateTableTests
{
    private static readonly string Folder = Path.Combine("sev-snp", "A_gosevguest_milan_vcek");

    [Fact]
    public void Guids_are_stored_in_rfc4122_byte_order_with_little_endian_offset_and_length()
    {
        var blob = SnpCertificateTable.Encode([new(SnpCertificateTable.VcekGuid, new byte[] { 0xAA, 0xBB })]);

        Assert.Equal("63da758de6644564adc5f4b93be8accd" + "30000000" + "02000000", Convert.ToHexStringLower(blob.AsSpan(0, 24)));
        Assert.Equal(new byte[24], blob.AsSpan(24, 24).ToArray());
        Assert.Equal(new byte[] { 0xAA, 0xBB }, blob.AsSpan(48).ToArray());
    }

    [Fact]
    public void Real_amd_certificates_round_trip_and_are_recognised_by_guid_and_by_content()
    {
        var vcek = TestData.Bytes(Folder, "vcek.der");
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(TestData.Path(Folder, "ask_ark_milan.pem"));
        var unknown = Guid.NewGuid();
        var blob = SnpCertificateTable.Encode(
        [
            new(SnpCertificateTable.VcekGuid, vcek),
            new(SnpCertificateTable.AskGuid, chain[0].RawData),
            new(SnpCertificateTable.ArkGuid, chain[1].RawData),
            new(unknown, new byte[] { 1, 2, 3 }),
        ]);

        var table = SnpCertificateTable.Parse(blob);

        Assert.Equal(
            [SnpCertificateKind.Vcek, SnpCertificateKind.Ask, SnpCertificateKind.Ark, SnpCertificateKind.Other],
            table.Entries.Select(e => e.Kind));
        Assert.Equal(unknown, table.Entries[3].Guid);
        Assert.Equal(vcek, table.Find(SnpCertificateKind.Vcek)!.Data.ToArray());
        Assert.Equal(5 * SnpCertificateTable.EntrySize, table.Entries[0].Offset);
        Assert.Null(table.Find(SnpCertificateKind.Vlek));
        var collateral = table.AddTo(new CollateralSet.Builder()).Build();
        Assert.Equal(3, collateral.Certificates.Count);
        Assert.Contains(collateral.Certificates, c => c.RawData.AsSpan().SequenceEqual(vcek));
    }

    [Fact]
    public void A_vlek_and_a_crl_guid_are_recognised()
    {
        Assert.Equal(SnpCertificateKind.Vlek, SnpCertificateTable.KindOf(new Guid("a8074bc2-a25a-483e-aae6-39c045a0b8a1")));
        Assert.Equal(SnpCertificateKind.Crl, SnpCertificateTable.KindOf(new Guid("92f81bc3-5811-4d3d-97ff-d19f88dc67ea")));
        Assert.Equal(SnpCertificateKind.Ask, SnpCertificateTable.KindOf(new Guid("4ab7b379-bbac-4fe4-a02f-05aef327c782")));
        Assert.Equal(SnpCertificateKind.Ark, SnpCertificateTable.KindOf(new Guid("c0b406a4-a803-4952-9743-3fb6014cd0ae")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    [InlineData(100)]
    public void An_empty_or_all_zero_blob_has_no_entries(int length)
    {
        Assert.Empty(SnpCertificateTable.Parse(new byte[length]).Entries);
    }

    /// <summary>Offset, length and the message: past the end, a 32-bit overflow of offset + length, far past the end, inside the table, empty.</summary>
    public static TheoryData<uint, uint, string> BadEntries => new()
    {
        { 48, 3, "selects bytes [48, 51)" },
        { 48, uint.MaxValue, "selects bytes [48, 4294967343)" },
        { 0xFFFFFFF0, 1, "selects bytes" },
        { 8, 2, "certificates lie in [48, 50)" },
        { 48, 0, "no data" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void An_entry_outside_the_certificate_area_is_malformed(uint offset, uint length, string message)
    {
        var blob = SnpCertificateTable.Encode([new(SnpCertificateTable.VcekGuid, new byte[] { 1, 2 })]);
        BitConverter.TryWriteBytes(blob.AsSpan(16, 4), offset);
        BitConverter.TryWriteBytes(blob.AsSpan(20, 4), length);

        var error = Assert.Throws<EvidenceFormatException>(() => SnpCertificateTable.Parse(blob));

        Assert.Equal(FindingCodes.SnpCertificateTableMalformed, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_without_a_terminator_is_malformed()
    {
        var blob = SnpCertificateTable.Encode([new(SnpCertificateTable.VcekGuid, new byte[] { 1 })]);

        var error = Assert.Throws<EvidenceFormatException>(() => SnpCertificateTable.Parse(blob.AsMemory(0, 40)));

        Assert.Equal(FindingCodes.SnpCertificateTableMalformed, error.Code);
        Assert.Contains("terminator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_guid_is_malformed()
    {
        var blob = SnpCertificateTable.Encode(
            [new(SnpCertificateTable.VcekGuid, new byte[] { 1 }), new(SnpCertificateTable.AskGuid, new byte[] { 2 })]);
        blob.AsSpan(0, 16).CopyTo(blob.AsSpan(24, 16));

        var error = Assert.Throws<EvidenceFormatException>(() => SnpCertificateTable.Parse(blob));

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_guid_with_data_is_malformed()
    {
        var blob = SnpCertificateTable.Encode([new(SnpCertificateTable.VcekGuid, new byte[] { 1 })]);
        blob.AsSpan(0, 16).Clear();

        Assert.Equal(FindingCodes.SnpCertificateTableMalformed, Assert.Throws<EvidenceFormatException>(() => SnpCertificateTable.Parse(blob)).Code);
    }

    [Fact]
    public void Truncation_at_every_length_parses_or_is_a_table_format_error()
    {
        var blob = SnpCertificateTable.Encode(
            [new(SnpCertificateTable.VcekGuid, TestData.Bytes(Folder, "vcek.der")), new(SnpCertificateTable.ArkGuid, new byte[] { 9, 9, 9 })]);

        for (var length = 0; length < blob.Length; length++)
        {
            try
            {
                var table = SnpCertificateTable.Parse(blob.AsMemory(0, length));
                Assert.True(length < 24, $"length {length} parsed with {table.Entries.Count} entries");
            }
            catch (EvidenceFormatException e)
            {
                Assert.Equal(FindingCodes.SnpCertificateTableMalformed, e.Code);
            }
        }

        Assert.Equal(2, SnpCertificateTable.Parse(blob).Entries.Count);
    }

    [Fact]
    public void Encode_refuses_null_guids_empty_data_and_duplicates()
    {
        Assert.Throws<ArgumentException>(() => SnpCertificateTable.Encode([new(Guid.Empty, new byte[] { 1 })]));
        Assert.Throws<ArgumentException>(() => SnpCertificateTable.Encode([new(SnpCertificateTable.ArkGuid, ReadOnlyMemory<byte>.Empty)]));
        Assert.Throws<ArgumentException>(() => SnpCertificateTable.Encode(
            [new(SnpCertificateTable.ArkGuid, new byte[] { 1 }), new(SnpCertificateTable.ArkGuid, new byte[] { 2 })]));
    }
}

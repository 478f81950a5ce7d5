using System.Security.Cryptography;
using OpenCcm.Oci.Model;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Oci.Tests;

/// <summary>Staged uploads (POST, one streamed PATCH, PUT on commit) against a real docker-registry.</summary>
[Collection(RegistryTestGroup.Name)]
public sealed class StagedUploadTests(RegistryFixture fixture)
{
    private RegistryClient Client(CountingHandler? handler = null, bool uploadInChunks = false)
    {
        var options = new RegistryClientOptions { Handler = handler, UploadInChunks = uploadInChunks };
        options.InsecureRegistries.Add(fixture.Registry.Address);
        return new RegistryClient(options);
    }

    private static (byte[] Content, OciDescriptor Descriptor) Blob(int size)
    {
        var content = RandomNumberGenerator.GetBytes(size);
        return (content, new OciDescriptor { MediaType = OciMediaTypes.Layer, Digest = OciDigest.Compute(content), Size = size });
    }

    private static async Task WriteInPiecesAsync(IStagedBlobUpload upload, byte[] content, int piece = 100_000)
    {
        for (var offset = 0; offset < content.Length; offset += piece)
        {
            await upload.WriteAsync(content.AsMemory(offset, Math.Min(piece, content.Length - offset)));
        }
    }

    [SkippableFact]
    public async Task A_staged_blob_is_invisible_until_committed_then_reads_back_byte_for_byte()
    {
        Tools.SkipUnlessAvailable();
        using var handler = new CountingHandler();
        using var client = Client(handler);
        var repository = client.OpenRepository(fixture.Registry.Reference("staged/commit:1"));
        foreach (var size in new[] { 0, 1, 3 * 1024 * 1024 + 5 })
        {
            var (content, descriptor) = Blob(size);
            await using var upload = (await repository.TryStageBlobAsync(descriptor))!;
            await WriteInPiecesAsync(upload, content);
            Assert.False(await repository.HasBlobAsync(descriptor));

            await upload.CommitAsync();
            Assert.True(await repository.HasBlobAsync(descriptor));
            await using var stream = await repository.OpenBlobAsync(descriptor);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }

        // One PATCH per non-empty blob, no replay, and no DELETE for committed uploads.
        Assert.Equal((3, 2, 3, 0), (handler["POST uploads"], handler["PATCH uploads"], handler["PUT uploads"], handler["DELETE uploads"]));
    }

    [SkippableFact]
    public async Task An_abandoned_upload_leaves_nothing_and_its_session_is_cancelled()
    {
        Tools.SkipUnlessAvailable();
        using var handler = new CountingHandler();
        using var client = Client(handler);
        var repository = client.OpenRepository(fixture.Registry.Reference("staged/abandon:1"));
        var (content, descriptor) = Blob(2 * 1024 * 1024);
        await using (var upload = (await repository.TryStageBlobAsync(descriptor))!)
        {
            await upload.WriteAsync(content.AsMemory(0, content.Length / 2)); // then the check refuses the layer
        }

        Assert.False(await repository.HasBlobAsync(descriptor));
        Assert.Equal(1, handler["DELETE uploads"]);

        // Abandoned before any byte, and after every byte but before the commit.
        foreach (var written in new[] { 0, content.Length })
        {
            await using (var upload = (await repository.TryStageBlobAsync(descriptor))!)
            {
                await upload.WriteAsync(content.AsMemory(0, written));
            }

            Assert.False(await repository.HasBlobAsync(descriptor));
        }

        Assert.Equal(3, handler["DELETE uploads"]);
    }

    [SkippableFact]
    public async Task The_registry_refuses_to_commit_bytes_that_do_not_hash_to_the_digest()
    {
        Tools.SkipUnlessAvailable();
        using var client = Client();
        var repository = client.OpenRepository(fixture.Registry.Reference("staged/digest:1"));
        var (content, descriptor) = Blob(1024 * 1024);
        var other = (byte[])content.Clone();
        other[12345] ^= 1;
        await using var upload = (await repository.TryStageBlobAsync(descriptor))!;
        await WriteInPiecesAsync(upload, other);

        var error = await Assert.ThrowsAsync<OciException>(() => upload.CommitAsync());
        Assert.Equal(400, error.HttpStatus); // DIGEST_INVALID: nothing was hashed on this side
        Assert.False(await repository.HasBlobAsync(descriptor));
        Assert.False(await repository.HasBlobAsync(descriptor with { Digest = OciDigest.Compute(other) }));
    }

    [SkippableFact]
    public async Task Too_many_or_too_few_bytes_are_refused_before_anything_is_committed()
    {
        Tools.SkipUnlessAvailable();
        using var client = Client();
        var repository = client.OpenRepository(fixture.Registry.Reference("staged/size:1"));
        var (content, descriptor) = Blob(300 * 1024);
        await using (var upload = (await repository.TryStageBlobAsync(descriptor))!)
        {
            await upload.WriteAsync(content);
            var longer = await Assert.ThrowsAsync<OciException>(async () => await upload.WriteAsync(new byte[1]));
            Assert.Equal(OciErrorCodes.BlobSizeMismatch, longer.Code);
        }

        await using (var upload = (await repository.TryStageBlobAsync(descriptor))!)
        {
            await upload.WriteAsync(content.AsMemory(0, content.Length - 1));
            var shorter = await Assert.ThrowsAsync<OciException>(() => upload.CommitAsync());
            Assert.Equal(OciErrorCodes.BlobSizeMismatch, shorter.Code);
        }

        Assert.False(await repository.HasBlobAsync(descriptor));
    }

    [SkippableFact]
    public async Task A_client_that_uploads_in_chunks_does_not_stage()
    {
        Tools.SkipUnlessAvailable();
        using var handler = new CountingHandler();
        using var client = Client(handler, uploadInChunks: true);
        var repository = client.OpenRepository(fixture.Registry.Reference("staged/chunks:1"));
        Assert.Null(await repository.TryStageBlobAsync(Blob(10).Descriptor));
        Assert.Equal(0, handler.Total);
    }
}

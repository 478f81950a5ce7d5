using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OpenCcm.Converter.Images;
using OpenCcm.Converter.Layers;
using OpenCcm.Converter.Tests.Support;
using OpenCcm.Oci;
using OpenCcm.Oci.Model;
using Xunit.Abstractions;

namespace OpenCcm.Converter.Tests.Conversion;

/// <summary>Runs alone: the managed heap is sampled process-wide.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>A 300 MB layer streams through the converter with the managed heap far below the layer's size.</summary>
[Collection(nameof(RunsAlone))]
public sealed class BoundedMemoryTests(ConversionFixture fixture, ITestOutputHelper output) : IClassFixture<ConversionFixture>
{
    private const long FileSize = 300L << 20;

    /// <summary>Spooled (a target that cannot stage), or streamed to a staged upload while it is checked.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_300_MB_layer_is_converted_with_bounded_managed_memory(bool staging)
    {
        var source = new GeneratedImageSource(FileSize);
        var target = staging ? new DiscardingStagingTarget() : new DiscardingTarget();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });

        var result = await ImageConverter.ConvertAsync(source, source.Repository, target, ImageReference.ForLayout(Path.Combine(fixture.Root, "unused"), "big"),
            fixture.Options with { Entrypoint = ["/big.bin"], User = "0:0" });
        await stop.CancelAsync();
        await sampler;

        output.WriteLine($"managed heap peak: +{(peak - baseline) >> 20} MB over {baseline >> 20} MB");
        Assert.Equal(FileSize, target.Bytes.GetValueOrDefault(source.Layer.Digest) - 1536 - 512);
        Assert.True(peak - baseline < 64L << 20, $"managed heap grew by {(peak - baseline) >> 20} MB while converting a {FileSize >> 20} MB layer");
        Assert.NotEmpty(result.MrEnclave);
    }

    /// <summary>An uncompressed one-file layer of pseudo-random bytes, generated as it is read (never held in memory).</summary>
    private sealed class GeneratedImageSource : IImageSource
    {
        private readonly long size;
        private readonly byte[] config;

        public GeneratedImageSource(long size)
        {
            this.size = size;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var stream = new GeneratedTar(size))
            {
                var buffer = new byte[1 << 20];
                int read;
                long total = 0;
                while ((read = stream.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    total += read;
                }

                Layer = new OciDescriptor { MediaType = OciMediaTypes.Layer, Digest = Sha256Digest.Format(hash.GetHashAndReset()), Size = total };
            }

            config = Encoding.UTF8.GetBytes(ConversionFixture.ConfigJson([Layer.Digest]));
        }

        public OciDescriptor Layer { get; }

        public ImageReference Repository => ImageReference.ForLayout("/generated", "v1");

        public Task<bool> HasBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<VerifiedBlobStream> OpenBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default) =>
            Task.FromResult(new VerifiedBlobStream(new GeneratedTar(size), blob));

        public Task<ResolvedImage> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default)
        {
            var configDescriptor = new OciDescriptor { MediaType = OciMediaTypes.ImageConfig, Digest = Sha256Digest.Of(config), Size = config.Length };
            var manifest = new OciManifest { MediaType = OciMediaTypes.ImageManifest, Config = configDescriptor, Layers = [Layer] };
            var bytes = OciJson.Serialize(manifest);
            return Task.FromResult(new ResolvedImage
            {
                Reference = reference,
                ManifestDescriptor = new OciDescriptor { MediaType = OciMediaTypes.ImageManifest, Digest = Sha256Digest.Of(bytes), Size = bytes.Length },
                ManifestBytes = bytes,
                Manifest = manifest,
                ConfigBytes = config,
            });
        }
    }

    /// <summary>A tar of one executable file "big.bin" (xorshift bytes), then the two zero blocks.</summary>
    private sealed class GeneratedTar : Stream
    {
        private readonly byte[] header;
        private readonly long fileSize;
        private readonly long total;
        private long position;

        public GeneratedTar(long fileSize)
        {
            this.fileSize = fileSize;
            var output = new MemoryStream();
            using (var writer = new System.Formats.Tar.TarWriter(output, System.Formats.Tar.TarEntryFormat.Ustar, leaveOpen: true))
            {
                writer.WriteEntry(new System.Formats.Tar.UstarTarEntry(System.Formats.Tar.TarEntryType.Directory, "srv/") { Mode = (UnixFileMode)0b111_101_101, ModificationTime = DateTimeOffset.UnixEpoch });
            }

            // The directory header, then a hand-made header for the big file (TarWriter would need its data).
            var dir = output.ToArray().AsSpan(0, 512).ToArray();
            var file = new byte[512];
            Encoding.ASCII.GetBytes("big.bin").CopyTo(file, 0);
            Encoding.ASCII.GetBytes("0000755\0").CopyTo(file, 100);
            Encoding.ASCII.GetBytes("0000000\0").CopyTo(file, 108);
            Encoding.ASCII.GetBytes("0000000\0").CopyTo(file, 116);
            Encoding.ASCII.GetBytes(Convert.ToString(fileSize, 8).PadLeft(11, '0') + "\0").CopyTo(file, 124);
            Encoding.ASCII.GetBytes("00000000000\0").CopyTo(file, 136);
            file[156] = (byte)'0';
            Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(file, 257);
            "        "u8.CopyTo(file.AsSpan(148));
            var sum = file.Sum(b => b);
            Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(file, 148);
            header = [.. dir, .. file];
            total = header.Length + ((fileSize + 511) / 512 * 512) + 1024;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        private static ulong SplitMix(ulong index)
        {
            var z = (index + 1) * 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, total - position);
            var span = buffer[..n];
            Span<byte> word = stackalloc byte[8];
            for (var i = 0; i < n;)
            {
                if (position < header.Length)
                {
                    var take = (int)Math.Min(n - i, header.Length - position);
                    header.AsSpan((int)position, take).CopyTo(span[i..]);
                    i += take;
                    position += take;
                }
                else if (position < header.Length + fileSize)
                {
                    // Byte k of the file is byte k % 8 of SplitMix64(k / 8): the same whatever the read sizes.
                    var take = (int)Math.Min(n - i, header.Length + fileSize - position);
                    var offset = position - header.Length;
                    for (var done = 0; done < take;)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(word, SplitMix((ulong)(offset + done) / 8));
                        var inWord = (int)((offset + done) % 8);
                        var count = Math.Min(8 - inWord, take - done);
                        word.Slice(inWord, count).CopyTo(span[(i + done)..]);
                        done += count;
                    }

                    i += take;
                    position += take;
                }
                else
                {
                    span[i..].Clear();
                    position += n - i;
                    i = n;
                }
            }

            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => total;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A staging target whose uploads count the bytes written, keeping nothing.</summary>
    private sealed class DiscardingStagingTarget : DiscardingTarget, IBlobStagingTarget
    {
        public Task<IStagedBlobUpload?> TryStageBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default) =>
            Task.FromResult<IStagedBlobUpload?>(new CountingUpload(this, blob));

        private sealed class CountingUpload(DiscardingStagingTarget target, OciDescriptor blob) : IStagedBlobUpload
        {
            private long written;

            public OciDescriptor Blob => blob;

            public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
            {
                written += data.Length;
                return ValueTask.CompletedTask;
            }

            public Task CommitAsync(CancellationToken cancellationToken = default)
            {
                target.Bytes[blob.Digest] = written;
                return Task.CompletedTask;
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>A target that reads and counts every blob, keeping nothing.</summary>
    private class DiscardingTarget : IImageTarget
    {
        public Dictionary<string, long> Bytes { get; } = [];

        public ImageReference Repository => ImageReference.ForLayout("/discard");

        public Task<bool> HasBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public async Task PushBlobAsync(OciDescriptor blob, Stream content, CancellationToken cancellationToken = default)
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
            }

            Bytes[blob.Digest] = total;
        }

        public Task<OciDescriptor> PushManifestAsync(ImageReference reference, ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken = default) =>
            Task.FromResult(new OciDescriptor { MediaType = mediaType, Digest = Sha256Digest.Of(manifest.Span), Size = manifest.Length });
    }
}

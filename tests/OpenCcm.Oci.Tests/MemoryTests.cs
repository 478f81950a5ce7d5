using System.Security.Cryptography;
using OpenCcm.Oci.Model;
using OpenCcm.Oci.Registry;
using Xunit.Abstractions;

namespace OpenCcm.Oci.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialMemoryTests
{
    public const string Name = "oci-memory";
}

/// <summary>A 300 MB blob, generated on the fly, pushed and pulled back: the managed heap stays far below its size.</summary>
[Collection(SerialMemoryTests.Name)]
public sealed class MemoryTests(ITestOutputHelper output)
{
    private const long BlobSize = 300L * 1024 * 1024;
    private const long HeapLimit = 64L * 1024 * 1024;

    [SkippableFact]
    public async Task Push_and_pull_of_a_300_MB_blob_stay_within_bounded_memory()
    {
        Tools.SkipUnlessAvailable();
        using var registry = TestRegistry.Start();
        var descriptor = new OciDescriptor { MediaType = OciMediaTypes.Layer, Digest = await DigestOfAsync(new GeneratedStream(BlobSize)), Size = BlobSize };
        var options = new RegistryClientOptions();
        options.InsecureRegistries.Add(registry.Address);
        using var client = new RegistryClient(options);
        var repository = client.OpenRepository(registry.Reference("memory/blob:1"));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var sampler = new PeakSampler();
        await repository.PushBlobAsync(descriptor, new GeneratedStream(BlobSize));
        var pushPeak = sampler.Peak - baseline;

        sampler.Reset();
        await using (var stream = await repository.OpenBlobAsync(descriptor))
        {
            await stream.CopyToAsync(Stream.Null);
            Assert.True(stream.IsVerified);
        }

        var pullPeak = sampler.Peak - baseline;
        output.WriteLine($"300 MB blob: push peak heap +{pushPeak / 1048576} MB, pull peak heap +{pullPeak / 1048576} MB, process peak working set {Environment.WorkingSet / 1048576} MB now");
        Assert.True(pushPeak < HeapLimit, $"push peak heap {pushPeak / 1048576} MB");
        Assert.True(pullPeak < HeapLimit, $"pull peak heap {pullPeak / 1048576} MB");
    }

    private static async Task<string> DigestOfAsync(Stream stream)
    {
        using var sha = SHA256.Create();
        return OciDigest.Format(await sha.ComputeHashAsync(stream));
    }

    /// <summary>Samples the managed heap every few milliseconds and keeps the peak.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private long _peak;

        public PeakSampler()
        {
            _thread = new Thread(() =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var current = GC.GetTotalMemory(forceFullCollection: false);
                    if (current > Interlocked.Read(ref _peak))
                    {
                        Interlocked.Exchange(ref _peak, current);
                    }

                    Thread.Sleep(5);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public long Peak => Interlocked.Read(ref _peak);

        public void Reset() => Interlocked.Exchange(ref _peak, 0);

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
        }
    }

    /// <summary>Deterministic content of any length, never held whole: a random 64 KiB block, varied per block.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private static readonly byte[] Block = new Random(42).GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 65536);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length && _position < length)
            {
                var inBlock = (int)(_position % Block.Length);
                var take = (int)Math.Min(Math.Min(buffer.Length - written, Block.Length - inBlock), length - _position);
                Block.AsSpan(inBlock, take).CopyTo(buffer[written..]);
                if (inBlock == 0 && take > 0)
                {
                    buffer[written] ^= (byte)(_position / Block.Length); // blocks differ
                }

                written += take;
                _position += take;
            }

            return written;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

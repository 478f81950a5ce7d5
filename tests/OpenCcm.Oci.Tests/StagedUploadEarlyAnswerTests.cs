using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenCcm.Oci.Model;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Oci.Tests;

/// <summary>
/// A registry (or proxy) that answers a staged upload's PATCH before reading its body — 413 for a body over its limit —
/// must fail the upload promptly (closing the connection, or within the stall timeout when it keeps it open without
/// reading), never leave the writer — a layer's check — waiting on a socket nobody reads.
/// </summary>
public sealed class StagedUploadEarlyAnswerTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_PATCH_answered_before_its_body_fails_the_writes_promptly(bool closeAfterAnswer)
    {
        using var server = new EarlyAnswerServer(closeAfterAnswer);
        // The request's own timeout stays at its 10 minutes: the stall guard must end the wait.
        var options = new RegistryClientOptions { UploadStallTimeout = TimeSpan.FromSeconds(2) };
        options.InsecureRegistries.Add(server.Address);
        using var client = new RegistryClient(options);
        var repository = client.OpenRepository(ImageReference.Parse($"{server.Address}/early/blob:1"));
        var blob = new OciDescriptor { MediaType = OciMediaTypes.Layer, Digest = "sha256:" + new string('a', 64), Size = 256L << 20 };

        var watch = Stopwatch.StartNew();
        await using var upload = (await repository.TryStageBlobAsync(blob))!;
        var chunk = new byte[1 << 20];
        var failure = await Assert.ThrowsAsync<OciException>(async () =>
        {
            for (var i = 0; i < 256; i++)
            {
                await upload.WriteAsync(chunk);
            }
        });
        Assert.Equal(OciErrorCodes.ConnectionFailed, failure.Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"the writer waited {watch.Elapsed}");
        await Assert.ThrowsAsync<OciException>(() => upload.CommitAsync());
    }

    /// <summary>POST → 202 with a Location; PATCH → 413 at once, body unread; DELETE → 204.</summary>
    private sealed class EarlyAnswerServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly bool _closeAfterAnswer;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _held = [];

        public EarlyAnswerServer(bool closeAfterAnswer)
        {
            _closeAfterAnswer = closeAfterAnswer;
            _listener.Start();
            Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _ = AcceptAsync();
        }

        public string Address { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(c => c.Dispose());
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = ServeAsync(connection);
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            var stream = connection.GetStream();
            try
            {
                while (true)
                {
                    var head = await ReadHeadAsync(stream);
                    if (head is null)
                    {
                        break;
                    }

                    if (head.StartsWith("PATCH", StringComparison.Ordinal))
                    {
                        await WriteAsync(stream, "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        if (_closeAfterAnswer)
                        {
                            break;
                        }

                        lock (_held)
                        {
                            _held.Add(connection); // answered, never read, never closed
                        }

                        return;
                    }

                    await WriteAsync(stream, head.StartsWith("POST", StringComparison.Ordinal)
                        ? "HTTP/1.1 202 Accepted\r\nLocation: /v2/early/blob/blobs/uploads/u1\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
                }
            }
            catch (IOException)
            {
            }

            connection.Dispose();
        }

        private static async Task<string?> ReadHeadAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one) == 0)
                {
                    return null;
                }

                head.Append((char)one[0]);
            }

            return head.ToString();
        }

        private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();
    }
}

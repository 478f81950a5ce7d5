namespace OpenCcm.Manager.Converter;

/// <summary>
/// Bounds the conversions of this manager: <see cref="ConverterSettings.MaxConcurrent"/> run, up to
/// <see cref="ConverterSettings.MaxWaiting"/> wait in line (until a slot frees or the client goes away), the rest are refused.
/// </summary>
internal sealed class ConversionSlots : IDisposable
{
    private readonly SemaphoreSlim _running;
    private readonly int _maxWaiting;
    private int _waiting;

    public ConversionSlots(ConverterSettings settings)
    {
        var running = Math.Max(1, settings.MaxConcurrent);
        _running = new SemaphoreSlim(running, running);
        _maxWaiting = Math.Max(0, settings.MaxWaiting);
    }

    /// <summary>A held slot (dispose to free it), or null when the line is full.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (_running.Wait(0, CancellationToken.None))
        {
            return new Slot(_running);
        }

        if (Interlocked.Increment(ref _waiting) > _maxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            return null;
        }

        try
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Slot(_running);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Dispose() => _running.Dispose();

    private sealed class Slot(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}

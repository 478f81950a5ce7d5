namespace OpenCcm.Attestation.Simulation;

/// <summary>Argument rules of <see cref="SimulatedNitroPlatform.CreateDocument"/>: the simulator never emits a document the verifier would call malformed.</summary>
internal static class SimulatedNitroInputs
{
    private const byte Sign1Tag = 0xD2;

    public static SortedDictionary<int, byte[]> PcrBank(IReadOnlyDictionary<int, byte[]>? pcrs, int defaultCount, int defaultLength)
    {
        var bank = new SortedDictionary<int, byte[]>();
        for (var i = 0; i < defaultCount; i++)
        {
            bank[i] = new byte[defaultLength];
        }

        foreach (var (index, value) in pcrs ?? new Dictionary<int, byte[]>())
        {
            if (index is < 0 or > 31 || value is null || value.Length is not (32 or 48 or 64))
            {
                throw new ArgumentException($"PCR{index} must have an index 0..31 and 32, 48 or 64 bytes.", nameof(pcrs));
            }

            bank[index] = value.ToArray();
        }

        return bank;
    }

    public static void Check(string moduleId, byte[]? userData, byte[]? nonce, byte[]? publicKey, DateTimeOffset timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        if (userData is { Length: > 512 })
        {
            throw new ArgumentException("User data are at most 512 bytes.", nameof(userData));
        }

        if (nonce is { Length: > 512 })
        {
            throw new ArgumentException("A nonce is at most 512 bytes.", nameof(nonce));
        }

        if (publicKey is { Length: 0 or > 1024 })
        {
            throw new ArgumentException("A public key is 1..1024 bytes.", nameof(publicKey));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timestamp.ToUnixTimeMilliseconds(), 0, nameof(timestamp));
    }

    /// <summary>The NSM emits COSE_Sign1 without tag 18 (nitro/A, nitro/C start with 0x84); .NET writes the tag (one byte, 0xD2).</summary>
    public static byte[] Untag(byte[] message) => message.Length > 0 && message[0] == Sign1Tag ? message[1..] : message;
}

using System.Security.Cryptography;
using OpenCcm.Attestation.Crypto;

namespace OpenCcm.Attestation.Tests.Report;

public sealed class AesCmacTests
{
    private const string Rfc4493Key = "2b7e151628aed2a6abf7158809cf4f3c";

    // RFC 4493 §4, Examples 1-4 (AES-128).
    [Theory]
    [InlineData("", "bb1d6929e95937287fa37d129b756746")]
    [InlineData("6bc1bee22e409f96e93d7e117393172a", "070a16b46b4d4144f79bdd9dd04a287c")]
    [InlineData("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411", "dfa66747de9ae63030ca32611497c827")]
    [InlineData(
        "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
        "51f0bebf7e3b9d92fc49741779363cfe")]
    public void Compute_Rfc4493Vectors(string message, string expectedMac)
    {
        var mac = AesCmac.Compute(Convert.FromHexString(Rfc4493Key), Convert.FromHexString(message));

        Assert.Equal(expectedMac, Convert.ToHexStringLower(mac));
    }

    // RFC 4493 §4, subkey generation; guards the reference implementation below.
    [Fact]
    public void Reference_Subkeys_MatchRfc4493()
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromHexString(Rfc4493Key);
        var k1 = Double(aes.EncryptEcb(new byte[16], PaddingMode.None));

        Assert.Equal("fbeed618357133667c85e08f7236a8de", Convert.ToHexStringLower(k1));
        Assert.Equal("f7ddac306ae266ccf90bc11ee46d513b", Convert.ToHexStringLower(Double(k1)));
    }

    // Every length up to four blocks, around a REPORT body and past the stack buffer agrees with a block-by-block reference.
    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void Compute_AgreesWithBlockwiseReference_ForEveryLength(int keySize)
    {
        var key = RandomNumberGenerator.GetBytes(keySize);
        var lengths = Enumerable.Range(0, 65).Concat([383, 384, 385, 1023, 1024, 1025, 2048, 5000]);
        foreach (var length in lengths)
        {
            var message = RandomNumberGenerator.GetBytes(length);

            Assert.Equal(Reference(key, message), AesCmac.Compute(key, message));
        }
    }

    [Fact]
    public void Compute_RejectsNonAesKeys()
    {
        Assert.Throws<ArgumentException>(() => AesCmac.Compute(new byte[15], []));
        Assert.Throws<ArgumentException>(() => AesCmac.Compute(new byte[16], [], new byte[15]));
    }

    // RFC 4493 Figure 2.3 as written: X := 0; Y := X xor M_i; X := AES(K, Y) for each block.
    private static byte[] Reference(byte[] key, byte[] message)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var l = aes.EncryptEcb(new byte[16], PaddingMode.None);
        var k1 = Double(l);
        var k2 = Double(k1);
        var n = Math.Max(1, (message.Length + 15) / 16);
        var complete = message.Length > 0 && message.Length % 16 == 0;
        var last = new byte[16];
        var tail = message.AsSpan((n - 1) * 16);
        tail.CopyTo(last);
        if (!complete)
        {
            last[tail.Length] = 0x80;
        }

        var subkey = complete ? k1 : k2;
        var x = new byte[16];
        for (var i = 0; i < n; i++)
        {
            var block = i == n - 1 ? last.Select((b, j) => (byte)(b ^ subkey[j])).ToArray() : message.AsSpan(i * 16, 16).ToArray();
            x = aes.EncryptEcb(x.Select((b, j) => (byte)(b ^ block[j])).ToArray(), PaddingMode.None);
        }

        return x;
    }

    private static byte[] Double(byte[] block)
    {
        var value = new System.Numerics.BigInteger(block, isUnsigned: true, isBigEndian: true) << 1;
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[16];
        bytes.AsSpan(Math.Max(0, bytes.Length - 16)).CopyTo(result.AsSpan(Math.Max(0, 16 - bytes.Length)));
        if ((block[0] & 0x80) != 0)
        {
            result[15] ^= 0x87;
        }

        return result;
    }
}

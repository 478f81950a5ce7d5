using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// Generates RSA-3072 keys with public exponent 3, as SIGSTRUCT requires. .NET's RSA.Create(bits) always uses
/// e = 65537, so this calls the OpenSSL 3 libcrypto that .NET itself uses on Linux (RSA_generate_key_ex), exports the
/// key as PKCS#1 DER and imports it into a managed <see cref="RSA"/>. Linux only.
/// </summary>
public static class RsaExponent3KeyGenerator
{
    public const int KeySizeBits = 3072;
    private const string LibCrypto = "libcrypto.so.3";

    /// <summary>A new RSA-3072 key with e = 3; the caller disposes it.</summary>
    /// <exception cref="PlatformNotSupportedException">OpenSSL 3's libcrypto.so.3 cannot be loaded.</exception>
    /// <exception cref="CryptographicException">OpenSSL failed to generate or export the key.</exception>
    public static RSA Generate()
    {
        try
        {
            var der = GeneratePkcs1Der();
            var rsa = RSA.Create();
            try
            {
                rsa.ImportRSAPrivateKey(der, out _);
                return rsa;
            }
            catch
            {
                rsa.Dispose();
                throw;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(der);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new PlatformNotSupportedException(
                $"Generating an RSA key with exponent 3 needs OpenSSL 3 ({LibCrypto}), which could not be used here: {e.Message} "
                + "Generate the key elsewhere (openssl genrsa -3 3072) and load it from PEM instead.",
                e);
        }
    }

    private static byte[] GeneratePkcs1Der()
    {
        var rsa = Native.RSA_new();
        var exponent = Native.BN_new();
        try
        {
            if (rsa == IntPtr.Zero || exponent == IntPtr.Zero)
            {
                throw Failure("RSA_new/BN_new");
            }

            if (Native.BN_set_word(exponent, 3) != 1)
            {
                throw Failure("BN_set_word");
            }

            if (Native.RSA_generate_key_ex(rsa, KeySizeBits, exponent, IntPtr.Zero) != 1)
            {
                throw Failure("RSA_generate_key_ex");
            }

            // i2d with a null output pointer returns the length; then it writes into our buffer and advances the pointer.
            var none = IntPtr.Zero;
            var length = Native.i2d_RSAPrivateKey(rsa, ref none);
            if (length <= 0)
            {
                throw Failure("i2d_RSAPrivateKey");
            }

            var buffer = Marshal.AllocHGlobal(length);
            try
            {
                var cursor = buffer;
                if (Native.i2d_RSAPrivateKey(rsa, ref cursor) != length)
                {
                    throw Failure("i2d_RSAPrivateKey");
                }

                var der = new byte[length];
                Marshal.Copy(buffer, der, 0, length);
                return der;
            }
            finally
            {
                // Wipe the private key from unmanaged memory before freeing it.
                Marshal.Copy(new byte[length], 0, buffer, length);
                Marshal.FreeHGlobal(buffer);
            }
        }
        finally
        {
            // RSA_free and BN_free accept null; RSA_free clears the private key material.
            Native.BN_free(exponent);
            Native.RSA_free(rsa);
        }
    }

    private static CryptographicException Failure(string function) =>
        new($"OpenSSL {function} failed (error 0x{Native.ERR_get_error():x}).");

    /// <summary>The few libcrypto functions used (OpenSSL 3; deprecated but exported, and stable since 1.1).</summary>
    private static class Native
    {
        [DllImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr RSA_new();

        [DllImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void RSA_free(IntPtr rsa);

        [DllImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr BN_new();

        [DllImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void BN_free(IntPtr bignum);

        // BN_ULONG is unsigned long: 64 bits on Linux x64/arm64, i.e. nuint.
        [DllImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int BN_set_word(IntPtr bignum, nuint word);

        [DllImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int RSA_generate_key_ex(IntPtr rsa, int bits, IntPtr exponent, IntPtr callback);

        [DllImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int i2d_RSAPrivateKey(IntPtr rsa, ref IntPtr output);

        [DllImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nuint ERR_get_error();
    }
}

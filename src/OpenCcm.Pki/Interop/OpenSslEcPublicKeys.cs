using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OpenCcm.Pki.Interop;

/// <summary>
/// Imports a P-256 or P-384 public key for verification through OpenSSL 3's <c>EVP_PKEY_fromdata</c> — the same
/// libcrypto the platform's ECDsaOpenSsl uses — instead of <see cref="ECDsa.ImportParameters"/>.
/// </summary>
/// <remarks>
/// Why: on OpenSSL 3.0 the platform import runs <c>EC_KEY_set_public_key_affine_coordinates</c> and then
/// <c>EC_KEY_check_key</c>, two full "n·Q = O" scalar multiplications (≈ 138 µs, 1.8× the signature verification it
/// precedes, measured on every CSR the manager verifies); <c>EVP_PKEY_fromdata</c> takes ≈ 14 µs. It still refuses a
/// point that is not on the curve (EC_POINT_oct2point), and for prime-order curves (cofactor 1, as P-256 and P-384
/// are) a point on the curve other than infinity has order n, so the skipped multiplication proves nothing more
/// (NIST SP 800-56A rev. 3 §5.6.2.3.4). Used only where the platform itself runs on OpenSSL 3 under the same soname;
/// everywhere else <see cref="TryImport"/> returns null and callers use the platform import.
/// </remarks>
internal static partial class OpenSslEcPublicKeys
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int EvpPkeyPublicKey = 0x86; // EVP_PKEY_PUBLIC_KEY: domain and other parameters | public key
    private const uint OsslParamUtf8String = 4;
    private const uint OsslParamOctetString = 5;

    private static readonly Lazy<bool> s_available = new(Probe);

    /// <summary>True when imports go through EVP_PKEY_fromdata (Linux, the platform on OpenSSL 3).</summary>
    public static bool Available => s_available.Value;

    /// <summary>
    /// The key for <paramref name="uncompressedPoint"/> (0x04 ‖ X ‖ Y) on the named curve, or null when this import is
    /// not available or the curve is not P-256/P-384.
    /// </summary>
    /// <exception cref="CryptographicException">The point is not a valid point of the curve.</exception>
    public static ECDsa? TryImport(string curveOid, ReadOnlySpan<byte> uncompressedPoint)
    {
        var group = curveOid switch
        {
            "1.2.840.10045.3.1.7" => "prime256v1\0"u8,
            "1.3.132.0.34" => "secp384r1\0"u8,
            _ => default,
        };
        if (group.IsEmpty || !Available || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var key = FromData(group, uncompressedPoint);
        if (key == IntPtr.Zero)
        {
            throw new CryptographicException("The EC public key is not a point of its curve.");
        }

        using var handle = new SafeEvpPKeyHandle(key, ownsHandle: true);
        return new ECDsaOpenSsl(handle); // takes its own reference
    }

    private static unsafe IntPtr FromData(ReadOnlySpan<byte> groupName, ReadOnlySpan<byte> point)
    {
        var context = EVP_PKEY_CTX_new_from_name(IntPtr.Zero, "EC\0"u8, IntPtr.Zero);
        if (context == IntPtr.Zero)
        {
            return IntPtr.Zero;
        }

        try
        {
            fixed (byte* groupKey = "group\0"u8, publicKey = "pub\0"u8, group = groupName, data = point)
            {
                var parameters = stackalloc OsslParam[3];
                parameters[0] = new OsslParam(groupKey, OsslParamUtf8String, group, (nuint)(groupName.Length - 1));
                parameters[1] = new OsslParam(publicKey, OsslParamOctetString, data, (nuint)point.Length);
                parameters[2] = default; // OSSL_PARAM_END
                IntPtr key = IntPtr.Zero;
                return EVP_PKEY_fromdata_init(context) == 1 && EVP_PKEY_fromdata(context, &key, EvpPkeyPublicKey, parameters) == 1 ? key : IntPtr.Zero;
            }
        }
        finally
        {
            EVP_PKEY_CTX_free(context);
            ClearErrors();
        }
    }

    private static bool Probe()
    {
        try
        {
            // The platform must itself be on OpenSSL 3 (OPENSSL_VERSION_NUMBER 0x3MNN00PP), so that our EVP_PKEY and
            // its ECDsaOpenSsl live in the same libcrypto.
            if (!OperatingSystem.IsLinux() || (SafeEvpPKeyHandle.OpenSslVersion >> 28) != 3 || !NativeLibrary.TryLoad(LibCrypto, out _))
            {
                return false;
            }

            // One real import, so a missing symbol or a broken provider is found here, not on a request.
            using var reference = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var q = reference.ExportParameters(false).Q;
            var point = new byte[65];
            point[0] = 0x04;
            q.X!.CopyTo(point, 1);
            q.Y!.CopyTo(point, 33);
            var key = FromData("prime256v1\0"u8, point);
            if (key == IntPtr.Zero)
            {
                return false;
            }

            using var handle = new SafeEvpPKeyHandle(key, ownsHandle: true);
            using var imported = new ECDsaOpenSsl(handle);
            var data = "probe"u8.ToArray();
            return imported.VerifyData(data, reference.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CryptographicException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    // A refused point leaves entries on OpenSSL's thread-local error queue; the platform expects it empty.
    private static void ClearErrors() => ERR_clear_error();

    [StructLayout(LayoutKind.Sequential)]
    private readonly unsafe struct OsslParam(byte* key, uint dataType, void* data, nuint dataSize)
    {
        private readonly byte* _key = key;
        private readonly uint _dataType = dataType;
        private readonly void* _data = data;
        private readonly nuint _dataSize = dataSize;
        private readonly nuint _returnSize = nuint.MaxValue; // OSSL_PARAM_UNMODIFIED
    }

    [LibraryImport(LibCrypto)]
    private static partial IntPtr EVP_PKEY_CTX_new_from_name(IntPtr libraryContext, ReadOnlySpan<byte> name, IntPtr properties);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_PKEY_fromdata_init(IntPtr context);

    [LibraryImport(LibCrypto)]
    private static unsafe partial int EVP_PKEY_fromdata(IntPtr context, IntPtr* key, int selection, OsslParam* parameters);

    [LibraryImport(LibCrypto)]
    private static partial void EVP_PKEY_CTX_free(IntPtr context);

    [LibraryImport(LibCrypto)]
    private static partial void ERR_clear_error();
}

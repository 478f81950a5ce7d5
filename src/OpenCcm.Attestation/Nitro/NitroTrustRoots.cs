using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Nitro;

/// <summary>
/// The AWS Nitro Enclaves root G1 (CN=aws.nitro-enclaves, 2019-10-28..2049-10-28), pinned in the code (DESIGN.md §2).
/// Source: https://aws-nitro-enclaves.amazonaws.com/AWS_NitroEnclaves_Root-G1.zip, as in
/// shared/testdata/evidence/nitro/aws_nitro_enclaves_root_G1.pem. Documents must carry it byte for byte as cabundle[0].
/// </summary>
public static class NitroTrustRoots
{
    /// <summary>SHA-256 of the root's DER, as AWS publishes it.</summary>
    public const string AwsRootG1Sha256 = "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b";

    private const string AwsRootG1Pem = """
        -----BEGIN CERTIFICATE-----
        MIICETCCAZagAwIBAgIRAPkxdWgbkK/hHUbMtOTn+FYwCgYIKoZIzj0EAwMwSTEL
        MAkGA1UEBhMCVVMxDzANBgNVBAoMBkFtYXpvbjEMMAoGA1UECwwDQVdTMRswGQYD
        VQQDDBJhd3Mubml0cm8tZW5jbGF2ZXMwHhcNMTkxMDI4MTMyODA1WhcNNDkxMDI4
        MTQyODA1WjBJMQswCQYDVQQGEwJVUzEPMA0GA1UECgwGQW1hem9uMQwwCgYDVQQL
        DANBV1MxGzAZBgNVBAMMEmF3cy5uaXRyby1lbmNsYXZlczB2MBAGByqGSM49AgEG
        BSuBBAAiA2IABPwCVOumCMHzaHDimtqQvkY4MpJzbolL//Zy2YlES1BR5TSksfbb
        48C8WBoyt7F2Bw7eEtaaP+ohG2bnUs990d0JX28TcPQXCEPZ3BABIeTPYwEoCWZE
        h8l5YoQwTcU/9KNCMEAwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4EFgQUkCW1DdkF
        R+eWw5b6cp3PmanfS5YwDgYDVR0PAQH/BAQDAgGGMAoGCCqGSM49BAMDA2kAMGYC
        MQCjfy+Rocm9Xue4YnwWmNJVA44fA0P5W2OpYow9OYCVRaEevL8uO1XYru5xtMPW
        rfMCMQCi85sWBbJwKKXdS6BptQFuZbT73o/gBh1qUxl/nNr12UO8Yfwr6wPLb+6N
        IwLz3/Y=
        -----END CERTIFICATE-----
        """;

    private static readonly Lazy<X509Certificate2> LazyAwsRootG1 = new(LoadPinnedRoot);

    /// <summary>The AWS Nitro Enclaves root G1.</summary>
    public static X509Certificate2 AwsRootG1 => LazyAwsRootG1.Value;

    /// <summary>True when <paramref name="der"/> is exactly the pinned root.</summary>
    public static bool IsAwsRoot(ReadOnlySpan<byte> der) => der.SequenceEqual(AwsRootG1.RawDataMemory.Span);

    private static X509Certificate2 LoadPinnedRoot()
    {
        var root = X509Certificate2.CreateFromPem(AwsRootG1Pem);
        // Guards the embedded text against an edit: the PEM must be the certificate AWS fingerprints.
        if (Convert.ToHexStringLower(SHA256.HashData(root.RawDataMemory.Span)) != AwsRootG1Sha256)
        {
            throw new InvalidOperationException("The embedded AWS Nitro root does not match its published SHA-256 fingerprint.");
        }

        return root;
    }
}

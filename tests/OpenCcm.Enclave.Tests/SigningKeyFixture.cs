using System.Security.Cryptography;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Enclave.Tests;

/// <summary>One RSA-3072 e = 3 key for the whole run (generation takes a moment).</summary>
internal static class SigningKeyFixture
{
    private static readonly Lazy<RSA> Shared = new(EnclaveSigningKeys.Generate);

    public static RSA Key => Shared.Value;
}

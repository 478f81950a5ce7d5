using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Tests.Support;

internal static class Identities
{
    public static AttestedIdentity Sgx(bool simulated = true) => new()
    {
        TeeKind = TeeKinds.Sgx,
        Measurement = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(),
        Signer = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray(),
        ProductId = 7,
        SecurityVersion = 3,
        NodeId = "3f1c9d2e-8a4b-4c6d-9e0f-112233445566",
        Simulated = simulated,
    };

    public static AttestedIdentity Nitro() => new()
    {
        TeeKind = TeeKinds.Nitro,
        Measurement = new byte[48],
        NodeId = "node-nitro-1",
        Simulated = false,
    };
}

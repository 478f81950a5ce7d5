namespace OpenCcm.Enclave.Manifest;

/// <summary>Where the runtime installs the zone root CA (PEM) for the workload to trust.</summary>
public sealed record CaCertificateSpec
{
    /// <summary>Path inside the root.</summary>
    public string CaPath { get; set; } = string.Empty;

    /// <summary>Also add it to the root's system trust store.</summary>
    public bool System { get; set; }
}

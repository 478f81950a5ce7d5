namespace OpenCcm.Core.Models;

/// <summary>What heartbeat ingestion needs of the certificate a heartbeat names: whose it is and whether it still stands.</summary>
public sealed record InstanceCertificate(Guid Id, string Serial, Guid AccountId, Guid? NodeId, Guid? AppId, Guid? BuildId, CertificateStatus Status);

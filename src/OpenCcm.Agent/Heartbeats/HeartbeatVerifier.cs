using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OpenCcm.Agent.Enrollment;
using OpenCcm.Agent.LocalApi;
using OpenCcm.AgentProtocol;

namespace OpenCcm.Agent.Heartbeats;

/// <summary>
/// Checks a workload heartbeat before it is buffered: the payload is base64 of the JSON of <see cref="HeartbeatPayload"/>
/// (status running|stopped, sequence ≥ 1); the certificate chains, now, to the zone root this node holds (through the
/// zone's intermediates); the signature verifies over exactly the payload bytes with the certificate's key.
/// </summary>
internal static class HeartbeatVerifier
{
    public static RelayedHeartbeat Verify(HeartbeatEnvelope envelope, NodeIdentity node, DateTimeOffset now)
    {
        if (envelope.Payload is null || envelope.Signature is null || envelope.Certificate is null)
        {
            throw LocalProblem.BadRequest(AgentErrorCodes.ValidationFailed, "payload, signature (base64) and certificate (PEM) are required.");
        }

        byte[] payload, signature;
        try
        {
            payload = Convert.FromBase64String(envelope.Payload);
            signature = Convert.FromBase64String(envelope.Signature);
        }
        catch (FormatException)
        {
            throw LocalProblem.BadRequest(AgentErrorCodes.ValidationFailed, "payload and signature must be base64.");
        }

        RequireValidPayload(payload);
        using var certificate = LoadCertificate(envelope.Certificate);
        if (!ChainsToZone(certificate, node, now))
        {
            throw LocalProblem.Forbidden(AgentErrorCodes.HeartbeatCertificateUntrusted, "The certificate does not chain to this node's zone root, or is not valid now.");
        }

        if (!HeartbeatSigning.Verify(payload, signature, certificate))
        {
            throw new LocalProblem(401, AgentErrorCodes.HeartbeatSignatureInvalid, "The signature does not verify over the payload bytes with the certificate's key.");
        }

        return new RelayedHeartbeat(envelope.Payload, envelope.Signature, Convert.ToHexStringLower(certificate.SerialNumberBytes.Span));
    }

    private static void RequireValidPayload(byte[] payload)
    {
        HeartbeatPayload? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(payload, AgentProtocolJson.Default.HeartbeatPayload);
        }
        catch (JsonException e)
        {
            throw LocalProblem.BadRequest(AgentErrorCodes.HeartbeatPayloadInvalid, $"The payload is not the heartbeat JSON: {e.Message}");
        }

        if (parsed is null || parsed.InstanceId == Guid.Empty || parsed.Sequence < 1 || parsed.IntervalSeconds < 1
            || parsed.Status is not (HeartbeatStatuses.Running or HeartbeatStatuses.Stopped))
        {
            throw LocalProblem.BadRequest(
                AgentErrorCodes.HeartbeatPayloadInvalid, "The payload needs instance_id, sequence ≥ 1, interval_seconds ≥ 1 and status running|stopped.");
        }
    }

    private static X509Certificate2 LoadCertificate(string pem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw LocalProblem.BadRequest(AgentErrorCodes.HeartbeatCertificateInvalid, $"certificate is not a PEM certificate: {e.Message}");
        }
    }

    private static bool ChainsToZone(X509Certificate2 certificate, NodeIdentity node, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(node.ZoneRoot);
        foreach (var intermediate in node.Intermediates)
        {
            chain.ChainPolicy.ExtraStore.Add(intermediate);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(certificate);
    }
}

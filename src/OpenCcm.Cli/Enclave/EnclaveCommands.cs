using System.CommandLine;

namespace OpenCcm.Cli.Enclave;

/// <summary><c>ccm enclave</c>: enclave manifests, measurements and SIGSTRUCTs (docs/enclave-manifest.md).</summary>
internal static class EnclaveCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        new("enclave", "Measure and sign enclaves described by an enclave manifest.")
        {
            MeasureCommand.Create(stdout, stderr),
        };
}

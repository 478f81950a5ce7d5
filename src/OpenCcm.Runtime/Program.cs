using OpenCcm.Runtime;

// ccm-runtime --manifest FILE --root DIR [--sigstruct FILE] [--agent URL] [--timings-json FILE] [-- ARGS...]
var error = Console.Error;
try
{
    return await new RuntimeHost(error).RunAsync(args).ConfigureAwait(false);
}
#pragma warning disable CA1031 // The entrypoint reports any unexpected failure with the runtime's internal exit code.
catch (Exception e)
#pragma warning restore CA1031
{
    await error.WriteLineAsync($"ccm-runtime: internal error: {e}").ConfigureAwait(false);
    return RuntimeExitCodes.Internal;
}

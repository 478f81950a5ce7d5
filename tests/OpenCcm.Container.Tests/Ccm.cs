namespace OpenCcm.Container.Tests;

/// <summary>The ccm CLI as a child process: <c>dotnet ccm.dll ...</c> (ccm.dll is copied beside the tests by the project reference).</summary>
internal static class Ccm
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "ccm.dll");

    public static ChildProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        ChildProcess.Start("dotnet", [Dll, .. arguments], environment);

    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ChildProcess.RunAsync("dotnet", [Dll, .. arguments], timeout: TimeSpan.FromMinutes(3));
}

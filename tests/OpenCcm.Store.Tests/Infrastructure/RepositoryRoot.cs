namespace OpenCcm.Store.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test binaries' directory.</summary>
internal static class RepositoryRoot
{
    public static string File(params string[] relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine([directory.FullName, .. relative]);
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{Path.Combine(relative)} not found above {AppContext.BaseDirectory}.");
    }
}

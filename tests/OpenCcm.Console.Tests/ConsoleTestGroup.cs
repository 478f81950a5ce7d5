namespace OpenCcm.Console.Tests;

/// <summary>One manager and one browser for every console test (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleTestGroup : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

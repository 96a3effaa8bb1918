using NetArchTest.Rules;
using VideoGen.Worker.Batch;

namespace VideoGen.Tests.Architecture;

/// <summary>
/// The worker's folders form layers: each may use only the folders below it, so no two folders use each other and a
/// lesson's path can be read in one direction. The order is the one README's layout gives.
/// </summary>
public sealed class FolderDependencyTests
{
    private const string Root = "VideoGen.Worker.";

    private static readonly string[] TopToBottom =
    [
        "Hosting", "Service", "Batch", "Pipeline", "Reporting", "Progress",
        "Providers.GoogleAI", "Providers.NeoVerse", "Providers.AvatarForcing", "Providers.Presenter", "Composition", "Providers.Local", "Providers.GpuJobs", "Providers.Blob", "Slides", "Review",
        "Ledger", "Media", "Stages", "Telemetry", "CommandLine", "Lessons", "Text", "Catalog",
    ];

    public static TheoryData<string> Folders() => [.. TopToBottom];

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_no_folder_above_it(string folder)
    {
        var types = Types.InAssembly(typeof(CatalogRun).Assembly).That().ResideInNamespace(Root + folder).GetTypes().ToList();
        Assert.True(types.Count > 0, $"the folder {folder} holds no type: the layout above is out of date");

        // The top folder may use every other; what it must not be is used by them, which the folders below it check.
        var above = TopToBottom.TakeWhile(f => f != folder).Select(f => Root + f).ToArray();
        if (above.Length == 0)
        {
            return;
        }

        var result = Types.InAssembly(typeof(CatalogRun).Assembly)
            .That().ResideInNamespace(Root + folder)
            .ShouldNot().HaveDependencyOnAny(above)
            .GetResult();

        Assert.True(result.IsSuccessful,
            $"{folder} uses a folder above it: {string.Join("; ", result.FailingTypes.Select(t => $"{t.FullName} ({t.Explanation})"))}");
    }

    [Fact]
    public void Every_type_of_the_worker_lives_in_a_listed_folder()
    {
        var unlisted = typeof(CatalogRun).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith(Root, StringComparison.Ordinal))
            .Where(t => !TopToBottom.Any(f => t.Namespace == Root + f || t.Namespace!.StartsWith(Root + f + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(unlisted);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;

namespace VideoGen.Tests.Integration;

/// <summary>Prices by model and the spending cap, against the emulator: the cap holds across workers, a rerun goes on.</summary>
public sealed class SpendCapTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private readonly VertexWorkerRun _worker = new(redis);

    private VertexEmulatorServer Emulator => _worker.Emulator;

    public Task InitializeAsync() => _worker.InitializeAsync();

    public Task DisposeAsync() => _worker.DisposeAsync();

    public void Dispose() => _worker.Dispose();

    private string Catalog(int lessons) => _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
    {
        courses = new[]
        {
            new
            {
                id = "python", title = "Python",
                lessons = Enumerable.Range(1, lessons).Select(i => new
                {
                    id = $"lesson{i}", title = $"Lesson {i}",
                    text = "A loop repeats work. The for loop walks over a list. The while loop runs until a condition is false.",
                }).ToArray(),
            },
        },
    }));

    private static decimal Dollars(string output, string after)
    {
        var at = output.IndexOf(after, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{after}' not in: {output}");
        var text = output[(at + after.Length)..].TrimStart('$');
        return decimal.Parse(new string(text.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).TrimEnd('.'), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_estimate_follows_the_chosen_Veo_model_and_an_unknown_model_has_no_estimate()
    {
        var catalog = Catalog(3);

        var fast = await _worker.RunAsync(catalog, "--dry-run", "--GoogleAI:VideoModel=veo-3.1-fast-generate-001");
        var lite = await _worker.RunAsync(catalog, "--dry-run");
        var standard = await _worker.RunAsync(catalog, "--dry-run", "--GoogleAI:VideoModel=veo-3.1-generate-001");
        var unknown = await _worker.RunAsync(catalog, "--dry-run", "--GoogleAI:VideoModel=veo-9-imaginary");
        var given = await _worker.RunAsync(catalog, "--dry-run", "--GoogleAI:VideoModel=veo-9-imaginary", "--GoogleAI:Prices:Models:veo-9-imaginary:PerVideoSecond720p=1.00");

        Assert.All(new[] { fast, lite, standard, unknown, given }, r => Assert.True(r.ExitCode == 0, r.Output + r.Error));
        // 3 clips of 8 s: the tiers' 720p prices with sound are $0.40, $0.10 and $0.05 a second.
        var (atFast, atStandard) = (Dollars(fast.Output, "estimated cost "), Dollars(standard.Output, "estimated cost "));
        Assert.InRange(atStandard - atFast, 7.19m, 7.21m);
        Assert.InRange(atFast - Dollars(lite.Output, "estimated cost "), 1.19m, 1.21m);
        Assert.Contains("Veo 3.1 Lite (veo-3.1-lite-generate-001) $", fast.Output);
        // Lite is the default: the tier a viewer of b-roll under narration would not tell apart, at half Fast's price.
        Assert.Matches(@"Veo 3\.1 Lite \(veo-3\.1-lite-generate-001\) \$\d+\.\d\d \(chosen\)", lite.Output);
        Assert.Contains("Veo 3.1 Standard (veo-3.1-generate-001) $", fast.Output);
        Assert.Contains("(chosen)", standard.Output);
        Assert.Contains("estimated cost unknown: no price for veo-9-imaginary", unknown.Output);
        Assert.InRange(Dollars(given.Output, "estimated cost ") - atFast, 21.59m, 21.61m);
        Assert.Equal(0, Emulator.Count("generateContent") + Emulator.Count("predictLongRunning"));

        var capped = await _worker.RunAsync(catalog, "--max-spend", "5", "--GoogleAI:VideoModel=veo-9-imaginary");

        Assert.True(capped.ExitCode == 2, capped.Output + capped.Error);
        Assert.Contains("--max-spend 5 cannot be kept without a price for veo-9-imaginary", capped.Error);
        Assert.Equal(0, Emulator.Count("generateContent") + Emulator.Count("predictLongRunning"));
    }

    [Fact]
    public async Task A_cap_holds_across_two_workers_and_a_rerun_with_a_higher_cap_finishes_paying_nothing_twice()
    {
        // Each clip is 8 s at $0.10: a cap of $3 leaves room for at most three of them with the scripts and speech.
        Emulator.State.Script(new FaultScript { VeoLatencyMs = 500 });
        var catalog = Catalog(8);
        string[] settings = ["--max-spend", "3", "--Pipeline:LeaseTime=00:00:04", "--GoogleAI:VideoModel=veo-3.1-fast-generate-001"];

        var capped = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => _worker.RunAsync(catalog, settings)));

        Assert.All(capped, result => Assert.True(result.ExitCode == 3, result.Output + result.Error));
        Assert.InRange(Emulator.State.StartedOperations, 1, 3);
        Assert.Contains(capped, result => result.Error.Contains("error: the budget of $3.00 is reached", StringComparison.Ordinal));
        // Lessons left over were not started, or stopped where their next paid request would have passed the cap.
        var leftOver = _worker.Report()["lessons"]!.AsArray().Where(l => l!["status"]!.GetValue<string>() == "failed").ToList();
        Assert.NotEmpty(leftOver);
        Assert.All(leftOver, l => Assert.Contains("the budget of $3.00 is reached", l!["error"]!.GetValue<string>()));
        var clipsBefore = Emulator.State.StartedOperations;

        var rerun = await _worker.RunAsync(catalog, "--max-spend", "20", "--GoogleAI:VideoModel=veo-3.1-fast-generate-001", "--Progress:Mode=Log", "--Progress:Interval=00:00:00.500");

        Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
        Assert.Matches(@"Progress \d+/8 .*; \$\d+\.\d\d spent(, about \$\d+\.\d\d in all at this rate)?; working:", rerun.Output);
        Assert.All(_worker.Report()["lessons"]!.AsArray(), l => Assert.Contains(l!["status"]!.GetValue<string>(), new[] { "succeeded", "skipped" }));
        var byPurpose = _worker.Report()["spend"]!["byPurpose"]!.AsObject();
        Assert.True(byPurpose["clips"]!.GetValue<decimal>() > 0 && byPurpose["script"]!.GetValue<decimal>() > 0, byPurpose.ToJsonString());
        Assert.Matches(@"at the models' prices: .*clips \$\d+\.\d\d", File.ReadAllText(Path.Combine(_worker.Output, "report.md")));
        // Each payment counts to the lesson it was made for, and the course's spend is its lessons'.
        var report = _worker.Report();
        var lessonsSpent = report["lessons"]!.AsArray().Sum(l => l!["spent"]?.GetValue<decimal>() ?? 0);
        Assert.InRange(lessonsSpent, report["spend"]!["estimatedDollars"]!.GetValue<decimal>() - 0.001m, report["spend"]!["estimatedDollars"]!.GetValue<decimal>() + 0.001m);
        Assert.Equal(lessonsSpent, report["courses"]![0]!["spent"]!.GetValue<decimal>());
        Assert.Contains("| Spent |", File.ReadAllText(Path.Combine(_worker.Output, "report.md")));
        // One clip per lesson in all: those paid under the first cap were kept and used, none was asked for again.
        Assert.Equal(8, Emulator.State.StartedOperations);
        Assert.True(clipsBefore <= 3);
    }
}

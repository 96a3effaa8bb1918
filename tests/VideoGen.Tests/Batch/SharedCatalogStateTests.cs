using VideoGen.Tests.Support;
using VideoGen.Worker.Batch;
using VideoGen.Worker.Reporting;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Tests.Batch;

/// <summary>A catalog's shared state in a real Redis, as several workers record into it at once.</summary>
public sealed class SharedCatalogStateTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static LessonResult Result(int index, LessonStatus status, string worker) =>
        new(index, "course", "Course", $"lesson{index}", $"Lesson {index}", status, 1, $"course/lesson{index}.mp4", null, null, null,
            new Dictionary<string, long> { ["render"] = 1000 }, Worker: worker);

    [Fact]
    public async Task Each_lesson_counts_once_a_made_lesson_outranks_a_skip_and_only_the_last_outcome_completes_the_catalog()
    {
        await using var connection = await redis.ConnectAsync();
        var activatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var a = new SharedCatalog(connection, "0001-test", "test.json", activatedAt);
        var b = new SharedCatalog(connection, "0001-test", "test.json", activatedAt);

        // Both workers read the catalog; the first one's count is kept, and its lessons are listed as waiting.
        Assert.Equal(3, await a.BeginAsync(3));
        Assert.Equal(3, await b.BeginAsync(3));
        Assert.Equal(3, connection.GetDatabase().ListLength(SharedCatalog.WaitingLessonsKey));

        Assert.False(await a.RecordAsync(Result(0, LessonStatus.Succeeded, "a:1"),
            Spend.None with { VeoClips = 1, EstimatedDollars = 3.25m, ByPurpose = new Dictionary<string, decimal> { ["clips"] = 3.2m, ["script"] = 0.05m } }));
        // Worker b saw lesson 1 made in the ledger a moment before worker a said it made it.
        Assert.False(await b.RecordAsync(Result(1, LessonStatus.Skipped, "b:2"), Spend.None));
        Assert.False(await a.RecordAsync(Result(1, LessonStatus.Succeeded, "a:1"), Spend.None with { VeoClips = 1, EstimatedDollars = 3.2m }));
        // A second outcome for a settled lesson changes nothing.
        Assert.False(await b.RecordAsync(Result(0, LessonStatus.Failed, "b:2"), Spend.None));
        Assert.Equal([0, 1], (await b.SettledAsync([0, 1, 2])).Order());

        Assert.True(await b.RecordAsync(Result(2, LessonStatus.Succeeded, "b:2"), Spend.None with { PromptTokens = 100 }));

        var tally = await a.TallyAsync();
        Assert.True(tally.IsComplete);
        Assert.Equal((3, 0, 0), (tally.Succeeded, tally.Skipped, tally.Failed));
        Assert.Equal(new Dictionary<string, int> { ["a:1"] = 2, ["b:2"] = 1 }, tally.MadeBy);
        Assert.Equal(0, connection.GetDatabase().ListLength(SharedCatalog.WaitingLessonsKey));

        // The report comes from Redis alone: the same from either worker, with each lesson's maker and the spend of both.
        var fromA = await a.ReportAsync("vertex");
        var fromB = await b.ReportAsync("vertex");
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(fromA), System.Text.Json.JsonSerializer.Serialize(fromB));
        Assert.Equal(["a:1", "a:1", "b:2"], fromA.Lessons.Select(l => l.Worker));
        Assert.Equal([0, 1, 2], fromA.Lessons.Select(l => l.CatalogIndex));
        Assert.Equal("Course", fromA.Courses.Single().Title);
        Assert.Equal((2, 6.45m, 100L), (fromA.Spend.VeoClips, fromA.Spend.EstimatedDollars, fromA.Spend.PromptTokens));
        Assert.Equal(new Dictionary<string, decimal> { ["clips"] = 3.2m, ["script"] = 0.05m }, fromA.Spend.ByPurpose);
        Assert.Equal(activatedAt, fromA.StartedAt);
        Assert.True(fromA.FinishedAt > activatedAt);
    }
}

using System.Text.Json.Nodes;
using VideoGen.Tests.Support;

namespace VideoGen.Tests.Integration;

/// <summary>
/// The worker writing to a real small tmpfs that fills up (the tests run as root, as CI does): lessons that meet the
/// full disk fail as transient with the path, nothing half-written sits under a final name, a disk too small for any
/// lesson stops the run with one error, and once there is room again the next run makes the rest.
/// </summary>
public sealed class FullDiskTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly string _mount = Directory.CreateTempSubdirectory("videogen-full-").FullName;

    private string Output => Path.Combine(_mount, "out");

    public Task InitializeAsync() => redis.FlushAsync();

    public async Task DisposeAsync()
    {
        await Tool.RunAsync("umount", _mount).ContinueWith(_ => { }, TaskScheduler.Default);
        Directory.Delete(_mount, recursive: true);
    }

    /// <summary>Mounts the tmpfs, or gives the mounted one a new size, keeping what is on it.</summary>
    private async Task MountAsync(int megabytes, bool resize = false)
    {
        try
        {
            await (resize
                ? Tool.RunAsync("mount", "-o", $"remount,size={megabytes}m", _mount)
                : Tool.RunAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", _mount));
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"these tests mount a tmpfs and must run as root: {ex.Message}", ex);
        }
    }

    private Task<WorkerResult> RunAsync(params string[] extra) => WorkerProcess.RunAsync(Path.GetTempPath(), [
        "--catalog", Path.Combine(NodePackages.RepositoryRoot(), "samples", "catalog.json"), "--output", Output, "--redis", redis.ConnectionString,
        "--Progress:Mode=Off", "--review", "off", "--Providers:Local:VideoPreset=ultrafast", "--Pipeline:RetryBaseDelay=00:00:00.100", .. extra]);

    private JsonArray Lessons() => JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "report.json")))!["lessons"]!.AsArray();

    [Fact]
    public async Task Lessons_that_meet_a_full_disk_fail_as_transient_with_the_path_leave_no_half_file_and_are_made_once_there_is_room()
    {
        await MountAsync(40);

        // Every lesson is tried here; stopping the run early is the next test's.
        var full = await RunAsync("--Pipeline:StopAfterFailuresInARow=0");

        Assert.Equal(1, full.ExitCode);
        var failed = Lessons().Where(l => l!["status"]!.GetValue<string>() == "failed").ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, lesson =>
        {
            var error = lesson!["error"]!.GetValue<string>();
            Assert.Contains("no space left on device", error, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(Output, error);
        });
        await AssertEveryFinalFileWholeAsync();
        Assert.False(Directory.Exists(Path.Combine(Output, ".work")), "the run's work folder is removed");

        // Room again: what failed is tried (it was no fault of the lessons'), and what was made is skipped.
        var made = Lessons().Count(l => l!["status"]!.GetValue<string>() == "succeeded");
        await MountAsync(400, resize: true);
        var roomy = await RunAsync();

        Assert.True(roomy.ExitCode == 0, roomy.Output + roomy.Error);
        Assert.Equal(7, Lessons().Count(l => l!["status"]!.GetValue<string>() is "succeeded" or "skipped"));
        Assert.Equal(7 - made, Lessons().Count(l => l!["status"]!.GetValue<string>() == "succeeded"));
    }

    [Fact]
    public async Task A_disk_too_small_for_any_lesson_stops_the_run_with_one_error_and_exit_code_2()
    {
        await MountAsync(8);

        var result = await RunAsync("--Pipeline:StopAfterFailuresInARow=3");

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("lessons in a row failed", error);
        Assert.True(error.Contains("No space left on device", StringComparison.OrdinalIgnoreCase), error);
        await AssertEveryFinalFileWholeAsync();
    }

    /// <summary>Every video under its final name plays, and every record beside one reads.</summary>
    private async Task AssertEveryFinalFileWholeAsync()
    {
        foreach (var course in Directory.EnumerateDirectories(Output).Where(d => !Path.GetFileName(d).StartsWith('.')))
        {
            foreach (var video in Directory.EnumerateFiles(course, "*.mp4"))
            {
                await Ffprobe.AssertPlayableLessonVideoAsync(video);
                Assert.True(File.Exists(Path.ChangeExtension(video, ".vtt")), $"{video} has its subtitles");
            }

            foreach (var record in Directory.EnumerateFiles(course, "*.json"))
            {
                Assert.Equal(32, JsonNode.Parse(File.ReadAllText(record))!["fingerprint"]!.GetValue<string>().Length);
            }

            Assert.Empty(Directory.EnumerateFiles(course, "*.partial"));
        }
    }
}

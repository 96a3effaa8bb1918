using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace VideoGen.AppHost.Tests;

/// <summary>Boots the real AppHost (Redis as the machine's redis-server) and watches the worker make a tiny catalog.</summary>
public sealed class AppHostRunTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private readonly string _folder = Directory.CreateTempSubdirectory("videogen-apphost-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_gpu_job_servers_are_stood_in_for_by_the_emulator_when_no_server_is_given()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Worker:Camera=neoverse", "--Worker:Presenter=avatarforcing", $"--Redis:DataDirectory={Path.Combine(_folder, "redis")}"]);
        var resources = builder.Resources.ToDictionary(r => r.Name);

        Assert.IsType<ProjectResource>(resources["neoverse-emulator"]);
        Assert.IsType<ProjectResource>(resources["avatarforcing-emulator"]);
        var waits = resources["worker"].Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);
        Assert.Contains("neoverse-emulator", waits);
        Assert.Contains("avatarforcing-emulator", waits);
    }

    [Fact]
    public async Task The_worker_makes_the_videos_of_a_tiny_catalog()
    {
        var catalog = Path.Combine(_folder, "catalog.json");
        var output = Path.Combine(_folder, "out");
        await File.WriteAllTextAsync(catalog, """
            {"courses":[{"id":"demo","title":"Demo course","lessons":[
              {"id":"hello","title":"Hello","text":"This lesson says hello."},
              {"id":"bye","title":"Goodbye","text":"This lesson says goodbye."}]}]}
            """);

        using var cancellation = new CancellationTokenSource(Timeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Worker:Catalog={catalog}", $"--Worker:Output={output}", $"--Redis:DataDirectory={Path.Combine(_folder, "redis")}"],
            cancellation.Token);
        await using var app = await builder.BuildAsync(cancellation.Token);
        await app.StartAsync(cancellation.Token);

        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await notifications.WaitForResourceHealthyAsync("redis", cancellation.Token);
        var finished = await notifications.WaitForResourceAsync(
            "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Finished || e.Snapshot.State?.Text == KnownResourceStates.Exited,
            cancellation.Token);

        Assert.Equal(0, finished.Snapshot.ExitCode);
        Assert.True(new FileInfo(Path.Combine(output, "demo", "hello.mp4")).Length > 10_000);
        Assert.True(new FileInfo(Path.Combine(output, "demo", "bye.mp4")).Length > 10_000);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json"), cancellation.Token));
        Assert.Equal(2, report.RootElement.GetProperty("totals").GetProperty("succeeded").GetInt32());

        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var shown = await commands.ExecuteCommandAsync("worker", "open-report", cancellation.Token);
        Assert.True(shown.Success, shown.Message);
        Assert.Contains("| demo |", shown.Data?.Value);
        Assert.Contains("report.html", shown.Message);

        // Running again through the dashboard command skips both lessons.
        var videoWritten = File.GetLastWriteTimeUtc(Path.Combine(output, "demo", "hello.mp4"));
        var retried = await commands.ExecuteCommandAsync("worker", "retry-failed", cancellation.Token);
        Assert.True(retried.Success, retried.Message);
        // The second run may be over before a state change could be seen: its report is the sign.
        while (await SkippedInReport(output, cancellation.Token) != 2)
        {
            await Task.Delay(250, cancellation.Token);
        }

        Assert.Equal(videoWritten, File.GetLastWriteTimeUtc(Path.Combine(output, "demo", "hello.mp4")));
    }

    private static async Task<int> SkippedInReport(string output, CancellationToken cancellationToken)
    {
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json"), cancellationToken));
        return report.RootElement.GetProperty("totals").GetProperty("skipped").GetInt32();
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace VideoGen.AppHost;

/// <summary>Dashboard commands on the worker: look at the last run's report, and run again for the lessons that failed.</summary>
public static class WorkerCommands
{
    public const string OpenReport = "open-report";
    public const string RetryFailed = "retry-failed";

    public static IResourceBuilder<ProjectResource> WithRunCommands(this IResourceBuilder<ProjectResource> worker, string output)
    {
        worker.WithCommand(OpenReport, "Open report", _ => Task.FromResult(ShowReport(output)), new CommandOptions
        {
            Description = "Shows the last run's report; report.html in the output folder has the thumbnails.",
            IconName = "DocumentText",
            UpdateState = context => File.Exists(Path.Combine(output, "report.md")) ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });

        // Finished lessons are skipped, so running the worker again makes exactly those that failed (or never ran).
        worker.WithCommand(RetryFailed, "Retry failed lessons", async context =>
        {
            var commands = context.Services.GetRequiredService<ResourceCommandService>();
            var started = await commands.ExecuteCommandAsync(worker.Resource, KnownResourceCommands.StartCommand, context.CancellationToken);
            return started.Success
                ? CommandResults.Success()
                : CommandResults.Failure(started.Message ?? "the worker could not be started");
        }, new CommandOptions
        {
            Description = "Runs the worker again; lessons already made are skipped.",
            IconName = "ArrowRepeatAll",
            IsHighlighted = true,
            UpdateState = context => context.ResourceSnapshot.State?.Text is "Finished" or "Exited" or "FailedToStart"
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });

        return worker;
    }

    private static ExecuteCommandResult ShowReport(string output)
    {
        var markdown = Path.Combine(output, "report.md");
        if (!File.Exists(markdown))
        {
            return CommandResults.Failure($"No report yet in {output}.");
        }

        var html = Path.Combine(output, "report.html");
        var text = File.ReadAllText(markdown) + $"\n\nThe visual report with thumbnails: `{html}`\n";
        return CommandResults.Success($"Report of the last run: {html}", text, CommandResultFormat.Markdown);
    }
}

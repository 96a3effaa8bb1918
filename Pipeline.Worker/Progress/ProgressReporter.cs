using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace VideoGen.Worker.Progress;

/// <summary>
/// Shows the run's progress while it goes on: a live display on an interactive terminal, or a concise progress
/// line at a steady interval where nobody watches a terminal (CI, containers, under the AppHost).
/// </summary>
public sealed class ProgressReporter(RunProgress progress, IOptions<ProgressOptions> options, TimeProvider time, ILogger<ProgressReporter> logger)
{
    private const int BarWidth = 40;

    public static bool IsInteractiveTerminal => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Starts reporting; disposing stops it after one last report.</summary>
    public IAsyncDisposable Start()
    {
        var stop = new CancellationTokenSource();
        var task = options.Value.Resolve(IsInteractiveTerminal) switch
        {
            ProgressMode.Live => Task.Run(() => RunLiveAsync(stop.Token)),
            ProgressMode.Log => Task.Run(() => RunLogAsync(stop.Token)),
            _ => Task.CompletedTask,
        };
        return new Running(stop, task);
    }

    public static string Describe(ProgressSnapshot s)
    {
        var working = string.Join(", ", s.Active.Select(a => $"{a.Key} {a.Value.Count}"));
        var left = s.Remaining is { } r ? $"about {Clock(r)} left" : "time left unknown";
        var across = s.Workers > 0 ? $" across {s.Workers} worker{(s.Workers == 1 ? "" : "s")} ({s.MadeHere} made here)" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Progress {s.Done}/{s.Total} ({s.Fraction:P0}){across}: {s.Succeeded} made, {s.Skipped} skipped, {s.Failed} failed; " +
            $"{s.VideosPerMinute:0.0} videos/min; {left}{s.SpendText}; working: {working}");
    }

    private async Task RunLogAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                logger.LogInformation("{Progress}", Describe(progress.Snapshot()));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunLiveAsync(CancellationToken cancellationToken)
    {
        await AnsiConsole.Live(Render(progress.Snapshot())).AutoClear(false).StartAsync(async context =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                context.UpdateTarget(Render(progress.Snapshot()));
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }
            }

            context.UpdateTarget(Render(progress.Snapshot()));
        });
    }

    private static IRenderable Render(ProgressSnapshot s)
    {
        var remaining = Math.Max(0, s.Total - s.Done);
        int Width(int count) => s.Total == 0 ? 0 : (int)Math.Round(BarWidth * count / (double)s.Total);
        var bar = $"[green]{new string('█', Width(s.Succeeded))}[/][blue]{new string('█', Width(s.Skipped))}[/]" +
                  $"[red]{new string('█', Width(s.Failed))}[/][grey]{new string('░', Math.Max(0, BarWidth - Width(s.Succeeded) - Width(s.Skipped) - Width(s.Failed)))}[/]";
        var left = s.Remaining is { } r ? Clock(r) : "--:--:--";
        var across = s.Workers > 0 ? $"   {s.Workers} workers, {s.MadeHere} made here" : "";
        var header = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"{bar} {s.Done}/{s.Total}  [green]{s.Succeeded} made[/]  [blue]{s.Skipped} skipped[/]  [red]{s.Failed} failed[/]  " +
            $"{remaining} to go   {s.VideosPerMinute:0.0} videos/min   ETA {left}   elapsed {Clock(s.Elapsed)}{across}{Markup.Escape(s.SpendText.Replace(";", "  ", StringComparison.Ordinal))}"));

        var table = new Table().Border(TableBorder.Rounded).AddColumn("Stage").AddColumn("Working on");
        foreach (var (stage, lessons) in s.Active)
        {
            var work = lessons.Count == 0
                ? "[grey]idle[/]"
                : string.Join("  ", lessons.Take(4).Select(l => $"{Markup.Escape(l.Lesson.ToString())} [grey]{l.For.TotalSeconds:0}s[/]")) +
                  (lessons.Count > 4 ? $"  [grey]+{lessons.Count - 4} more[/]" : "");
            table.AddRow(stage, work);
        }

        return new Rows(header, table);
    }

    private static string Clock(TimeSpan span) =>
        span.ToString(span.TotalHours >= 24 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);

    private sealed class Running(CancellationTokenSource stop, Task task) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await task;
            stop.Dispose();
        }
    }
}

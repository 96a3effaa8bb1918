using System.Globalization;

namespace VideoGen.Bench;

/// <summary>The throughput results as markdown tables, with times in real (unscaled) terms beside the measured ones.</summary>
internal static class ThroughputTables
{
    /// <summary>The reference product's claim: 1,143 videos in 5.3 hours.</summary>
    private static readonly TimeSpan ClaimedMakespan = TimeSpan.FromHours(5.3);

    public static void Print(int videos, double timeScale, CompositionCost composition, RunResult batches, IReadOnlyList<RunResult> runs)
    {
        Console.WriteLine();
        Console.WriteLine($"Composition of a typical lesson ({composition.VideoLength.TotalSeconds:0} s video, one 8 s 720p clip), measured: " +
                          $"{composition.Wall.TotalSeconds:0.0} s wall, {composition.Cpu.TotalSeconds:0.0} s CPU of ffmpeg and ffprobe; " +
                          $"in the runs each worker composes on {Environment.ProcessorCount} cores of its own, a composition taking one core for its CPU time, scaled.");
        Console.WriteLine();
        Console.WriteLine($"Throughput, {videos:N0} lessons, time scale 1:{timeScale:0}, the same latency draws in every run " +
                          $"(Veo {Real(batches.VeoWork, timeScale)} in all)");
        Console.WriteLine();
        Console.WriteLine("| schedule | made | makespan (measured) | makespan (real) | videos/min (real) | lower bound (real) | of the bound | speed-up over batches of 3 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var run in runs.Prepend(batches))
        {
            Console.WriteLine($"| {run.Run.Name} | {run.Succeeded:N0}/{run.Lessons:N0} | {run.Makespan.TotalSeconds:0.0} s | {Real(run.Makespan, timeScale)} | " +
                              $"{PerMinute(videos, run.Makespan, timeScale)} | {Real(run.LowerBound, timeScale)} ({run.Run.Limit} at once) | " +
                              $"{Ratio(run.LowerBound / run.Makespan)} | {Ratio(batches.Makespan / run.Makespan)} |");
        }

        PrintBounds(videos, timeScale, composition, runs);

        Console.WriteLine();
        Console.WriteLine($"Against the reference's claim of {videos:N0} videos in {ClaimedMakespan.TotalHours:0.0} h " +
                          $"({1143 / ClaimedMakespan.TotalMinutes:0.0} videos/min), scaled to this catalog: " +
                          $"{Real(ClaimedMakespan * videos / 1143 / timeScale, timeScale)}.");
        Console.WriteLine();
        Console.WriteLine("| schedule | Veo starts | refused (429) | share of starts | most running asked of Veo | final shared limit |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var run in runs.Prepend(batches))
        {
            Console.WriteLine($"| {run.Run.Name} | {run.VeoStarts:N0} | {run.VeoRefusals:N0} | {Share(run.VeoRefusals, run.VeoStarts)} | " +
                              $"{run.PeakRequested} | {run.FinalLimit} |");
        }

        foreach (var run in runs.Prepend(batches).Where(r => r.FirstError is not null))
        {
            Console.WriteLine($"Failed lessons in '{run.Run.Name}' ({run.Lessons - run.Succeeded}); the first: {run.FirstError}");
        }
    }

    /// <summary>
    /// A worker's own bound beside Veo's, for each one-worker run under a quota: every lesson composed on its cores (each
    /// as costly as the typical lesson measured), against the first script plus Veo's time spread over the quota.
    /// </summary>
    public static void PrintBounds(int videos, double timeScale, CompositionCost composition, IReadOnlyList<RunResult> runs)
    {
        Console.WriteLine();
        Console.WriteLine($"Composition of a typical lesson ({composition.VideoLength.TotalSeconds:0} s video, one 8 s 720p clip), measured: " +
                          $"{composition.Wall.TotalSeconds:0.0} s wall, {composition.Cpu.TotalSeconds:0.0} s CPU; {videos:N0} lessons, time scale 1:{timeScale:0}");
        foreach (var run in runs.Where(r => r.Run.Workers == 1 && r.Run.Quota > 0))
        {
            var cpuBound = composition.Cpu * run.Lessons / Environment.ProcessorCount / timeScale;
            var veoBound = run.FirstScript + run.VeoWork / run.Run.Limit;
            var larger = veoBound > cpuBound ? veoBound : cpuBound;
            Console.WriteLine($"'{run.Run.Name}': made {run.Succeeded:N0}/{run.Lessons:N0} in {Real(run.Makespan, timeScale)}; Veo's bound {Real(veoBound, timeScale)}, " +
                              $"the worker's composition bound {Real(cpuBound, timeScale)} ({composition.Cpu.TotalSeconds:0.0} s of CPU a lesson on {Environment.ProcessorCount} cores): " +
                              $"{(veoBound >= cpuBound ? "Veo-bound" : "bound by its own CPU")}, the makespan {Ratio(run.Makespan / larger)}× the larger.");
        }
    }

    /// <summary>One catalog made by more and more worker processes: how much faster each count makes it than one.</summary>
    public static void PrintScaling(int videos, double timeScale, IReadOnlyList<RunResult> runs)
    {
        Console.WriteLine();
        Console.WriteLine($"One catalog of {videos:N0} lessons made by worker processes together (service mode's shared catalog), " +
                          $"Veo quota {runs[0].Run.Quota} (never the bound), time scale 1:{timeScale:0}");
        Console.WriteLine();
        Console.WriteLine("| workers | made | makespan (measured) | makespan (real) | videos/min (real) | speed-up over one worker | made by each worker |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var run in runs)
        {
            Console.WriteLine($"| {run.Run.Workers} | {run.Succeeded:N0}/{run.Lessons:N0} | {run.Makespan.TotalSeconds:0.0} s | {Real(run.Makespan, timeScale)} | " +
                              $"{PerMinute(videos, run.Makespan, timeScale)} | {Ratio(runs[0].Makespan / run.Makespan)}× | {string.Join(", ", run.MadeByWorker)} |");
        }

        foreach (var run in runs.Where(r => r.FirstError is not null))
        {
            Console.WriteLine($"Failed lessons with {run.Run.Workers} workers ({run.Lessons - run.Succeeded}); the first: {run.FirstError}");
        }
    }

    private static string Real(TimeSpan measured, double timeScale) => $"{measured.TotalHours * timeScale:0.0} h";

    private static string PerMinute(int videos, TimeSpan measured, double timeScale) =>
        (videos / (measured.TotalMinutes * timeScale)).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Share(int part, int whole) => (part / (double)Math.Max(1, whole)).ToString("0.0%", CultureInfo.InvariantCulture);
}

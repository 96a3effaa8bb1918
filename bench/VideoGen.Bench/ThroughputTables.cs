using System.Globalization;

namespace VideoGen.Bench;

/// <summary>The throughput results as markdown tables, with times in real (unscaled) terms beside the measured ones.</summary>
internal static class ThroughputTables
{
    public static void Print(int videos, double timeScale, RunResult baseline, RunResult pipeline, RunResult adaptive)
    {
        var p = ThroughputBench.Parallelism;
        var bound = pipeline.LowerBound(p);
        var veoBound = pipeline.VeoBound(p);
        Console.WriteLine();
        Console.WriteLine($"Throughput, {videos:N0} lessons, render parallelism {p}, time scale 1:{timeScale:0}; the same latency draws in " +
                          $"every run (Veo {Real(pipeline.VeoWork, timeScale)} in all, the render stage {Real(pipeline.RenderWork, timeScale)})");
        Console.WriteLine();
        Console.WriteLine("| schedule | made | makespan (measured) | makespan (real) | videos/min (real) | efficiency | Veo-only efficiency | speed-up |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Row("batches of 3, 2 s pause (reference)", baseline);
        Row("pipeline", pipeline);
        Console.WriteLine($"| lower bound: render work / {p} + first lesson's earlier stages | | {Measured(bound)} | {Real(bound, timeScale)} | " +
                          $"{PerMinute(videos, bound, timeScale)} | 1.00 | {Ratio(veoBound / bound)} | {Ratio(baseline.Makespan / bound)} |");
        Console.WriteLine($"| lower bound with Veo's time only | | {Measured(veoBound)} | {Real(veoBound, timeScale)} | " +
                          $"{PerMinute(videos, veoBound, timeScale)} | | 1.00 | {Ratio(baseline.Makespan / veoBound)} |");

        var ideal = adaptive.VeoBound(ThroughputBench.Quota);
        Console.WriteLine();
        Console.WriteLine($"Adaptive concurrency: emulator quota {ThroughputBench.Quota} running Veo operations, render parallelism " +
                          $"{ThroughputBench.AdaptiveCeiling} as the ceiling, the limit found by the worker");
        Console.WriteLine();
        Console.WriteLine("| made | makespan (real) | videos/min (real) | quota's ideal videos/min (Veo's time) | reached | Veo starts | refused (429) | share of starts | share of all requests | final limit |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {Made(adaptive)} | {Real(adaptive.Makespan, timeScale)} | {PerMinute(videos, adaptive.Makespan, timeScale)} | " +
                          $"{PerMinute(videos, ideal, timeScale)} | {Ratio(ideal / adaptive.Makespan)} | {adaptive.VeoStarts:N0} | {adaptive.VeoRefusals:N0} | " +
                          $"{Share(adaptive.VeoRefusals, adaptive.VeoStarts)} | {Share(adaptive.VeoRefusals, adaptive.Requests)} | {adaptive.FinalLimit} |");

        foreach (var run in new[] { baseline, pipeline, adaptive }.Where(r => r.FirstError is not null))
        {
            Console.WriteLine($"Failed lessons ({run.Lessons - run.Succeeded}); the first: {run.FirstError}");
        }

        void Row(string schedule, RunResult run) =>
            Console.WriteLine($"| {schedule} | {Made(run)} | {Measured(run.Makespan)} | {Real(run.Makespan, timeScale)} | " +
                              $"{PerMinute(videos, run.Makespan, timeScale)} | {Ratio(bound / run.Makespan)} | {Ratio(veoBound / run.Makespan)} | " +
                              $"{Ratio(baseline.Makespan / run.Makespan)} |");
    }

    private static string Made(RunResult run) => $"{run.Succeeded:N0}/{run.Lessons:N0}";

    private static string Measured(TimeSpan time) => $"{time.TotalSeconds:0.0} s";

    private static string Real(TimeSpan measured, double timeScale) => $"{measured.TotalHours * timeScale:0.0} h";

    private static string PerMinute(int videos, TimeSpan measured, double timeScale) =>
        (videos / (measured.TotalMinutes * timeScale)).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Share(int part, int whole) => (part / (double)Math.Max(1, whole)).ToString("0.0%", CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Composition;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Review;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Bench;

/// <summary>
/// What reviewing costs a local run: the typical lesson made offline (script, espeak-ng narration, slides) and then
/// reviewed, a few times; the medians of each, in wall time and in CPU time (this process and its children).
/// </summary>
internal sealed record ReviewCost(TimeSpan MakeWall, TimeSpan MakeCpu, TimeSpan ReviewWall, TimeSpan ReviewCpu, IReadOnlyList<string> Findings)
{
    public double WallShare => ReviewWall / MakeWall;

    public double CpuShare => ReviewCpu / MakeCpu;

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("Review of every video (local run of the typical lesson, medians of 3)");
        Console.WriteLine();
        Console.WriteLine("| measure | result | goal |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| review / making the lesson (script, narration, slides), CPU | {ReviewCpu.TotalSeconds:0.00} s / {MakeCpu.TotalSeconds:0.00} s = {CpuShare:P1} | ≤ 15 % |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| review / making the lesson, wall time | {ReviewWall.TotalSeconds:0.00} s / {MakeWall.TotalSeconds:0.00} s = {WallShare:P1} | ≤ 15 % |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| findings on the offline provider's own video | {(Findings.Count == 0 ? "none" : string.Join("; ", Findings))} | none |"));
    }

    public static async Task<ReviewCost> MeasureAsync(int runs = 3)
    {
        var options = Options.Create(new LocalProviderOptions());
        var enhancer = new RuleBasedEnhancer(options, Options.Create(new WorkerOptions { Length = VideoLength.Short }));
        var narrator = new EspeakNarrator(options, new EspeakVoices(options));
        var renderer = new SlideRenderer(new SlideVideoComposer(options, Options.Create(new WorkerOptions()), options.Value.Painter()), new MermaidDiagrams(Options.Create(new DiagramOptions())), new LessonImages(Options.Create(new ImageOptions())), options);
        var review = new AutomaticReview(Options.Create(new ReviewOptions()));
        var folder = Directory.CreateTempSubdirectory("videogen-review-");
        try
        {
            var measured = new List<(TimeSpan MakeWall, TimeSpan MakeCpu, TimeSpan ReviewWall, TimeSpan ReviewCpu, IReadOnlyList<string> Findings)>();
            for (var run = 0; run < runs; run++)
            {
                var work = folder.CreateSubdirectory($"run-{run}");
                var cpu = CompositionCost.CpuTime();
                var wall = Stopwatch.StartNew();
                var script = await enhancer.EnhanceAsync(CompositionCost.TypicalLesson, CancellationToken.None);
                var narration = await narrator.NarrateAsync(script, work, CancellationToken.None);
                var video = await renderer.RenderAsync(script, narration, LessonFootage.None, work, CancellationToken.None);
                var (makeWall, makeCpu) = (wall.Elapsed, CompositionCost.CpuTime() - cpu);

                cpu = CompositionCost.CpuTime();
                wall.Restart();
                var found = await review.ReviewAsync(CompositionCost.TypicalLesson, script, narration, LessonFootage.None, video, CancellationToken.None);
                measured.Add((makeWall, makeCpu, wall.Elapsed, CompositionCost.CpuTime() - cpu, [.. found.Findings.Select(f => f.Text)]));
            }

            var median = measured.OrderBy(m => m.ReviewCpu / m.MakeCpu).ElementAt(runs / 2);
            return new ReviewCost(median.MakeWall, median.MakeCpu, median.ReviewWall, median.ReviewCpu, [.. measured.SelectMany(m => m.Findings).Distinct()]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

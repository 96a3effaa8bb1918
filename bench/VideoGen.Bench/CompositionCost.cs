using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Bench;

/// <summary>What composing one lesson really costs: wall time, and the CPU time of the ffmpeg and ffprobe it runs.</summary>
internal sealed record CompositionCost(TimeSpan Wall, TimeSpan Cpu, TimeSpan VideoLength)
{
    /// <summary>
    /// Renders a typical lesson (a script of the default word budget, espeak-ng narration, one 8-second 1280x720 clip in
    /// its first scene) with the product's own renderer, a few times, and keeps the median.
    /// </summary>
    public static async Task<CompositionCost> MeasureAsync(int runs = 3)
    {
        var options = Options.Create(new LocalProviderOptions());
        var renderer = new SlideRenderer(new SlideVideoComposer(options, options.Value.Painter()), options);
        var folder = Directory.CreateTempSubdirectory("videogen-composition-");
        try
        {
            var clip = Path.Combine(folder.FullName, "clip.mp4");
            await RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=24:d=8", "-f", "lavfi", "-i", "sine=f=330:d=8",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);

            var script = await new RuleBasedEnhancer(options).EnhanceAsync(TypicalLesson, CancellationToken.None);
            var narration = await new EspeakNarrator(options, new EspeakVoices(options)).NarrateAsync(script, folder, CancellationToken.None);
            var footage = new LessonFootage([new SceneClip(1, clip)], []);

            var measured = new List<(TimeSpan Wall, TimeSpan Cpu)>();
            for (var run = 0; run < runs; run++)
            {
                var work = folder.CreateSubdirectory($"run-{run}");
                var cpu = ChildrenCpuTime();
                var wall = Stopwatch.StartNew();
                await renderer.RenderAsync(script, narration, footage, work, CancellationToken.None);
                measured.Add((wall.Elapsed, ChildrenCpuTime() - cpu));
            }

            var median = measured.OrderBy(m => m.Wall).ElementAt(runs / 2);
            return new CompositionCost(median.Wall, median.Cpu, narration.Duration);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static readonly Lesson TypicalLesson = new(
        "bench", "Programming Basics", "loops", "Loops and repetition",
        string.Join(' ', Enumerable.Repeat(
            "A loop repeats a block of work until a condition changes. The for loop walks over the items of a list, " +
            "and the while loop runs as long as its condition stays true. Use break to leave a loop early, and continue " +
            "to skip to the next repetition. Keep loops short and their conditions clear, so that a reader sees at once " +
            "when the repetition ends.", 4)),
        "bench");

    /// <summary>User and system time of every child process this one has waited for (Linux: /proc/self/stat).</summary>
    private static TimeSpan ChildrenCpuTime()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 16 and 17 of the file (cutime, cstime), counted from the state, which is field 3; in clock ticks of 1/100 s.
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true })!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {errors}");
        }
    }
}

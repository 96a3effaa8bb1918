using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Composition;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Bench;

/// <summary>What composing one lesson really costs: wall time, and CPU time (slides painted in-process, ffmpeg and ffprobe).</summary>
internal sealed record CompositionCost(TimeSpan Wall, TimeSpan Cpu, TimeSpan VideoLength)
{
    /// <summary>
    /// Renders a typical lesson (a script of the short length, about 80 s as every lesson was before lengths followed the lesson, espeak-ng narration, one 8-second 1280x720 clip in
    /// its first scene) with the product's own renderer, a few times, and keeps the median.
    /// </summary>
    public static async Task<CompositionCost> MeasureAsync(int runs = 3, string camera = WorkerOptions.CameraLocal)
    {
        var options = Options.Create(new LocalProviderOptions());
        var worker = Options.Create(new WorkerOptions { Camera = camera });
        var renderer = new SlideRenderer(new SlideVideoComposer(options, worker, options.Value.Painter()), new MermaidDiagrams(Options.Create(new DiagramOptions())), new LessonImages(Options.Create(new ImageOptions())), options);
        var folder = Directory.CreateTempSubdirectory("videogen-composition-");
        try
        {
            var clip = Path.Combine(folder.FullName, "clip.mp4");
            await RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=24:d=8", "-f", "lavfi", "-i", "sine=f=330:d=8",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);

            var script = await new RuleBasedEnhancer(options, Options.Create(new WorkerOptions { Length = Worker.Lessons.VideoLength.Short })).EnhanceAsync(TypicalLesson, CancellationToken.None);
            var narration = await new EspeakNarrator(options, new EspeakVoices(options)).NarrateAsync(script, folder, CancellationToken.None);
            var footage = new LessonFootage([new SceneClip(1, clip)], []);

            var measured = new List<(TimeSpan Wall, TimeSpan Cpu)>();
            for (var run = 0; run < runs; run++)
            {
                var work = folder.CreateSubdirectory($"run-{run}");
                var cpu = CpuTime();
                var wall = Stopwatch.StartNew();
                await renderer.RenderAsync(script, narration, footage, work, CancellationToken.None);
                measured.Add((wall.Elapsed, CpuTime() - cpu));
            }

            var median = measured.OrderBy(m => m.Wall).ElementAt(runs / 2);
            return new CompositionCost(median.Wall, median.Cpu, narration.Duration);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    internal static readonly Lesson TypicalLesson = new(
        "bench", "Programming Basics", "loops", "Loops and repetition",
        "A loop repeats a block of work until a condition changes. The for loop walks over the items of a list, " +
        "and the while loop runs as long as its condition stays true. Use break to leave a loop early, and continue " +
        "to skip to the next repetition. Keep loops short and their conditions clear, so that a reader sees at once " +
        "when the repetition ends. A loop inside another loop multiplies the work: ten rows of ten columns make a " +
        "hundred steps. Counting loops need a start, an end and a step, and an off-by-one error in any of them is the " +
        "most common bug beginners meet. Loops over files read one line at a time, so even a huge file fits in memory. " +
        "When a loop only builds a new list from an old one, a list comprehension says the same thing in one line. " +
        "Infinite loops are sometimes wanted, as in a server waiting for requests, but then the way out must be obvious. " +
        "Timing a loop before and after a change shows whether the change helped. Print statements inside a loop are " +
        "the oldest debugging tool there is, and still one of the best. Finally, name the loop variable after what it " +
        "holds, such as student or row, rather than i, whenever the loop body is longer than a line or two.",
        "bench");

    /// <summary>
    /// CPU time of this process (the slides are painted here) and of every child process it has waited for (ffmpeg,
    /// ffprobe, espeak-ng; Linux: /proc/self/stat).
    /// </summary>
    internal static TimeSpan CpuTime()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 16 and 17 of the file (cutime, cstime), counted from the state, which is field 3; in clock ticks of 1/100 s.
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0) + Process.GetCurrentProcess().TotalProcessorTime;
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

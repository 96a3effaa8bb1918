using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.GpuJobs;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.NeoVerse;

/// <summary>
/// <c>--camera neoverse</c>: every scene is re-rendered by a NeoVerse server along a camera path of its own. The picture
/// sent is the scene's Veo clip where it has one, else the lesson's image where the catalog gives one, else the
/// scene's slide. Scenes that share a picture (one Veo clip covering several scenes, the lesson's image) get
/// different paths, so they look like different shots. Works around the provider's own footage source: its clips are
/// made first, then re-rendered. A scene whose shot cannot be had keeps its picture with the local camera move, and
/// the lesson's report says why. Finished shots are kept with the store's paid work, like Veo clips.
/// </summary>
public sealed class NeoVerseCamera(
    IFootageSource footage,
    GpuJobRunner jobs,
    IHttpClientFactory httpClients,
    ShotFitter fitter,
    SlidePainter painter,
    IOperationLedger operations,
    IPaidWork paid,
    PipelineTelemetry telemetry,
    IOptions<NeoVerseOptions> options,
    ILogger<NeoVerseCamera> logger) : IFootageSource
{
    private const string Kind = "shots";

    private readonly NeoVerseOptions _options = options.Value;
    private readonly SemaphoreSlim _atOnce = new(options.Value.MaxShotsAtOnce);

    public string Settings => string.Join(';', new[]
    {
        footage.Settings,
        $"neoverse/1;seed={_options.Seed};prompt={Hash(_options.Prompt)[..8]}",
    }.Where(s => s.Length > 0));

    public int MaxWaitingLessons => Math.Max(footage.MaxWaitingLessons, _options.MaxShotsAtOnce);

    public async Task<LessonFootage> MakeAsync(LessonVersion lesson, LessonScript script, CancellationToken cancellationToken)
    {
        var made = await footage.MakeAsync(lesson, script, cancellationToken);
        var plans = Plan(lesson, script, made);
        var shots = await Task.WhenAll(plans.Select(plan => ShootAsync(lesson, script, plan, cancellationToken)));

        var clips = new List<SceneClip>();
        var warnings = new List<string>(made.Warnings);
        foreach (var (plan, (path, failure)) in plans.Zip(shots))
        {
            if (path is not null)
            {
                clips.Add(new SceneClip(plan.Segment, path) { IsShot = true });
                continue;
            }

            warnings.Add($"scene {plan.Segment}: no NeoVerse shot ({failure}); the local camera move was used instead");
            if (made.Clips.FirstOrDefault(c => c.Segment == plan.Segment) is { } clip)
            {
                clips.Add(clip);
            }
            else if (plan.Kind == ShotSource.Image)
            {
                // The lesson's picture itself, still, under the local move, as the scene's shot would have shown it.
                clips.Add(new SceneClip(plan.Segment, plan.Source));
            }
        }

        return new LessonFootage(clips, made.LostClips) { Warnings = warnings };
    }

    /// <summary>A scene remade after review gets a new clip from the provider, shown with the local camera move.</summary>
    public Task<SceneClip?> RemakeAsync(LessonVersion lesson, LessonScript script, int segment, int take, CancellationToken cancellationToken) =>
        footage.RemakeAsync(lesson, script, segment, take, cancellationToken);

    public async Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken)
    {
        await footage.ReleaseAsync(lesson, cancellationToken);
        await operations.ForgetAsync(lesson.Lesson, null, cancellationToken);
        await paid.ReleaseAsync(Kind, lesson, cancellationToken);
    }

    /// <summary>What each scene's shot is made from, and along which path.</summary>
    private static List<ShotPlan> Plan(LessonVersion lesson, LessonScript script, LessonFootage made)
    {
        var plans = new List<ShotPlan>();
        var taken = new Dictionary<string, HashSet<string>>();
        for (var segment = 1; segment <= script.Scenes.Count; segment++)
        {
            var clip = made.Clips.FirstOrDefault(c => c.Segment == segment)?.Path;
            var (source, kind) = clip is not null ? (clip, ShotSource.Clip) : lesson.Image is { } image ? (image, ShotSource.Image) : ($"slide {segment}", ShotSource.Slide);
            var used = taken.TryGetValue(source, out var set) ? set : taken[source] = [];
            var trajectory = Trajectories.For(segment, script.Scenes[segment - 1].Narration, kind == ShotSource.Slide, used);
            used.Add(trajectory);
            plans.Add(new ShotPlan(segment, kind, source, trajectory));
        }

        return plans;
    }

    private async Task<(string? Path, string? Failure)> ShootAsync(LessonVersion lesson, LessonScript script, ShotPlan plan, CancellationToken cancellationToken)
    {
        // A picture that cannot be read fails the lesson, naming it; anything that goes wrong after costs only the shot.
        var picture = await PictureAsync(lesson, script, plan, cancellationToken);
        await _atOnce.WaitAsync(cancellationToken);
        try
        {
            var key = Hash($"shot/1\n{Hash(picture.Data)}\n{plan.Segment}\n{plan.Trajectory}\n{_options.Seed}\n{_options.Prompt}")[..32];
            var name = $"{plan.Segment}-{key[..12]}.mp4";
            if (await paid.FindAsync(Kind, lesson, name, cancellationToken) is { } kept)
            {
                return (kept, null);
            }

            var request = new GpuJobRequest(
                lesson.Lesson, $"shot:{lesson.Content}:{plan.Segment}:{key[..8]}", "camera-move", key,
                new Dictionary<string, GpuMedia> { ["video"] = picture },
                new JsonObject
                {
                    ["trajectory"] = plan.Trajectory,
                    ["prompt"] = $"{_options.Prompt}. {script.Scenes[plan.Segment - 1].VisualPrompt}".Trim(' ', '.') + ".",
                    ["seed"] = _options.Seed,
                });
            var client = new GpuJobClient(httpClients.CreateClient(NeoVerseOptions.Server), NeoVerseOptions.Server, NeoVerseOptions.Section);
            var output = await jobs.RunAsync(client, _options, request, cancellationToken);
            var raw = paid.TemporaryPath(Kind, lesson, name + ".raw");
            var fitted = paid.TemporaryPath(Kind, lesson, name);
            try
            {
                await File.WriteAllBytesAsync(raw, output.Data, cancellationToken);
                await fitter.FitAsync(raw, fitted, cancellationToken);
                return (await paid.KeepAsync(Kind, lesson, name, fitted, cancellationToken), null);
            }
            finally
            {
                File.Delete(raw);
                File.Delete(fitted);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            telemetry.GpuFallback(NeoVerseOptions.Server);
            // A server taken for down was warned about once, when it was; each scene that goes without it is not.
            logger.Log(ex is GpuServerDownException ? LogLevel.Debug : LogLevel.Warning,
                "{Lesson} scene {Scene} gets the local camera move: {Reason}", lesson.Lesson, plan.Segment, ex.Message);
            return (null, ex.Message);
        }
        finally
        {
            _atOnce.Release();
        }
    }

    private async Task<GpuMedia> PictureAsync(LessonVersion lesson, LessonScript script, ShotPlan plan, CancellationToken cancellationToken)
    {
        switch (plan.Kind)
        {
            case ShotSource.Clip:
                return new GpuMedia("video/mp4", await File.ReadAllBytesAsync(plan.Source, cancellationToken));
            case ShotSource.Image:
                try
                {
                    return new GpuMedia(ImageFiles.MimeType(plan.Source), await File.ReadAllBytesAsync(plan.Source, cancellationToken));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw StageException.Permanent($"the lesson's image {plan.Source} cannot be read: {ex.Message}", ex);
                }

            default:
                var slide = paid.TemporaryPath(Kind, lesson, $"{plan.Segment}-slide.png");
                painter.PaintScene(script, plan.Segment, slide);
                try
                {
                    return new GpuMedia("image/png", await File.ReadAllBytesAsync(slide, cancellationToken));
                }
                finally
                {
                    File.Delete(slide);
                }
        }
    }

    private static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private enum ShotSource
    {
        Clip,
        Image,
        Slide,
    }

    private sealed record ShotPlan(int Segment, ShotSource Kind, string Source, string Trajectory);
}

using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.NeoVerse;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Veo 3.1 clips for a lesson's first scenes without an asset of the lesson (up to <c>GoogleAI:MaxClipsPerLesson</c>); the other scenes are slides. A
/// lesson's clips are all asked for at once, each waiting for room under the shared <see cref="ClipQuota"/>. With the
/// NeoVerse camera one clip covers <c>Providers:NeoVerse:ShotsPerClip</c> scenes in a row (asked for with the first
/// one's description), each of which NeoVerse films along its own path: fewer clips paid for the same footage.
/// </summary>
public sealed class VeoFootage(VeoClips veo, ClipQuota quota, IOptions<GoogleAIOptions> options, IOptions<WorkerOptions> worker, IOptions<NeoVerseOptions> neoVerse)
    : IFootageSource
{
    private readonly GoogleAIOptions _options = options.Value;

    /// <summary>The scenes one clip covers.</summary>
    public static int ScenesPerClip(WorkerOptions worker, NeoVerseOptions neoVerse) =>
        worker.Camera == WorkerOptions.CameraNeoVerse ? neoVerse.ShotsPerClip : 1;

    private readonly int _scenesPerClip = ScenesPerClip(worker.Value, neoVerse.Value);

    public string Settings =>
        $"veo/1;model={_options.VideoModel};clips={_options.MaxClipsPerLesson};seconds={_options.ClipSeconds};" +
        $"aspect={_options.AspectRatio};resolution={_options.Resolution}" + (_scenesPerClip > 1 ? $";scenes-per-clip={_scenesPerClip}" : "");

    /// <summary>As many lessons as clips may run at most: each waiting lesson holds at least one of them.</summary>
    public int MaxWaitingLessons => _options.MaxClipsPerLesson == 0 ? 0 : quota.Ceiling;

    public async Task<LessonFootage> MakeAsync(LessonVersion lesson, LessonScript script, CancellationToken cancellationToken)
    {
        var starts = ClipStarts(script);
        var clips = await Task.WhenAll(starts.Select(scene =>
            veo.GetClipAsync(new ClipId(lesson, scene), script.Scenes[scene].VisualPrompt, cancellationToken)));

        // A clip whose answer was lost leaves its scenes slides, and the report says which clip and what it asked for.
        return new LessonFootage(
            [.. starts.SelectMany((start, i) => clips[i].Path is { } path
                ? Enumerable.Range(start, Math.Min(_scenesPerClip, Covered(script) - start)).Select(scene => new SceneClip(scene + 1, path))
                : [])],
            [.. clips.Select(clip => clip.Lost).OfType<LostClip>()]);
    }

    /// <summary>
    /// The scenes whose clips are asked for. A scene that shows one of the lesson's own tables, diagrams or pictures keeps
    /// its slide: the lesson's figure says more than a generated shot. With several scenes a clip, the first scenes in a row.
    /// </summary>
    private List<int> ClipStarts(LessonScript script) => _scenesPerClip == 1
        ? Enumerable.Range(0, script.Scenes.Count).Where(scene => script.Scenes[scene].Asset is null).Take(_options.MaxClipsPerLesson).ToList()
        : Enumerable.Range(0, Covered(script)).Where(scene => scene % _scenesPerClip == 0).ToList();

    // With several scenes a clip, the first MaxClipsPerLesson scenes are covered; with one, each clip covers its own scene.
    private int Covered(LessonScript script) => _scenesPerClip == 1 ? script.Scenes.Count : Math.Min(_options.MaxClipsPerLesson, script.Scenes.Count);

    public async Task<SceneClip?> RemakeAsync(LessonVersion lesson, LessonScript script, int segment, int take, CancellationToken cancellationToken)
    {
        var clip = await veo.GetClipAsync(new ClipId(lesson, segment - 1, take), script.Scenes[segment - 1].VisualPrompt, cancellationToken);
        return clip.Path is { } path ? new SceneClip(segment, path) : null;
    }

    public Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken) => veo.ReleaseAsync(lesson, cancellationToken);
}

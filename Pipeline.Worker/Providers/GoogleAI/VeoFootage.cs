using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.NeoVerse;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Veo 3.1 clips for a lesson's first scenes (up to <c>GoogleAI:MaxClipsPerLesson</c>); the other scenes are slides. A
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
        var covered = Math.Min(_options.MaxClipsPerLesson, script.Scenes.Count);
        var firstScenes = Enumerable.Range(0, covered).Where(scene => scene % _scenesPerClip == 0).ToList();
        var clips = await Task.WhenAll(firstScenes.Select(scene =>
            veo.GetClipAsync(new ClipId(lesson, scene), script.Scenes[scene].VisualPrompt, cancellationToken)));

        // A clip whose answer was lost leaves its scenes slides, and the report says which clip and what it asked for.
        return new LessonFootage(
            [.. Enumerable.Range(0, covered)
                .Select(scene => clips[scene / _scenesPerClip].Path is { } path ? new SceneClip(scene + 1, path) : null)
                .OfType<SceneClip>()],
            [.. clips.Select(clip => clip.Lost).OfType<LostClip>()]);
    }

    public async Task<SceneClip?> RemakeAsync(LessonVersion lesson, LessonScript script, int segment, int take, CancellationToken cancellationToken)
    {
        var clip = await veo.GetClipAsync(new ClipId(lesson, segment - 1, take), script.Scenes[segment - 1].VisualPrompt, cancellationToken);
        return clip.Path is { } path ? new SceneClip(segment, path) : null;
    }

    public Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken) => veo.ReleaseAsync(lesson, cancellationToken);
}

using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.NeoVerse;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// What a Google provider pays for to picture the scenes without a figure of the lesson, as <c>--visuals</c> chooses:
/// a Gemini illustration for each (<see cref="GeminiIllustrator"/>), drawn first so that a clip can start from its
/// scene's picture; and Veo 3.1 clips for the first of them (up to <c>GoogleAI:MaxClipsPerLesson</c>). A
/// lesson's clips are all asked for at once, each waiting for room under the shared <see cref="ClipQuota"/>. With the
/// NeoVerse camera one clip covers <c>Providers:NeoVerse:ShotsPerClip</c> scenes in a row (asked for with the first
/// one's description), each of which NeoVerse films along its own path: fewer clips paid for the same footage.
/// </summary>
public sealed class VeoFootage(
    VeoClips veo, GeminiIllustrator illustrator, ClipQuota quota, IOptions<GoogleAIOptions> options, IOptions<WorkerOptions> worker, IOptions<NeoVerseOptions> neoVerse)
    : IFootageSource
{
    private readonly GoogleAIOptions _options = options.Value;
    private readonly WorkerOptions _worker = worker.Value;

    /// <summary>The clips a lesson gets at most: none unless <c>--visuals</c> pays for them.</summary>
    private int MaxClips => _worker.MakesClips ? _options.MaxClipsPerLesson : 0;

    /// <summary>The scenes one clip covers.</summary>
    public static int ScenesPerClip(WorkerOptions worker, NeoVerseOptions neoVerse) =>
        worker.Camera == WorkerOptions.CameraNeoVerse ? neoVerse.ShotsPerClip : 1;

    private readonly int _scenesPerClip = ScenesPerClip(worker.Value, neoVerse.Value);

    // Clips alone keep the settings they always had: a lesson made before illustrations existed is not made again.
    public string Settings =>
        $"veo/1;model={_options.VideoModel};clips={MaxClips};seconds={_options.ClipSeconds};" +
        $"aspect={_options.AspectRatio};resolution={_options.Resolution}" + (_scenesPerClip > 1 ? $";scenes-per-clip={_scenesPerClip}" : "") +
        (_worker.Illustrates ? $";{illustrator.Settings}" : "");

    /// <summary>As many lessons as clips may run at most: each waiting lesson holds at least one of them.</summary>
    public int MaxWaitingLessons => MaxClips == 0 ? _worker.Illustrates ? _options.ImageRequestsAtOnce : 0 : quota.Ceiling;

    public async Task<LessonFootage> MakeAsync(LessonVersion lesson, LessonScript script, CancellationToken cancellationToken)
    {
        var illustrated = _worker.Illustrates
            ? await Task.WhenAll(Enumerable.Range(0, script.Scenes.Count).Where(scene => script.Scenes[scene].Asset is null)
                .Select(scene => illustrator.GetAsync(lesson, script, scene, cancellationToken)))
            : [];
        var pictures = illustrated.Where(i => i.Path is not null).ToDictionary(i => i.Segment, i => i.Path!);
        var starts = ClipStarts(script);
        var clips = await Task.WhenAll(starts.Select(scene =>
            veo.GetClipAsync(new ClipId(lesson, scene), script.Scenes[scene].VisualPrompt, pictures.GetValueOrDefault(scene + 1), cancellationToken)));

        // A clip whose answer was lost leaves its scenes slides, and the report says which clip and what it asked for.
        return new LessonFootage(
            [.. starts.SelectMany((start, i) => clips[i].Path is { } path
                ? Enumerable.Range(start, Math.Min(_scenesPerClip, Covered(script) - start)).Select(scene => new SceneClip(scene + 1, path))
                : [])],
            [.. clips.Select(clip => clip.Lost).OfType<LostClip>()])
        {
            Illustrations = pictures,
            Warnings = [.. illustrated.Select(i => i.Warning).OfType<string>()],
        };
    }

    /// <summary>
    /// The scenes whose clips are asked for. A scene that shows one of the lesson's own tables, diagrams or pictures keeps
    /// its slide: the lesson's figure says more than a generated shot. With several scenes a clip, the first scenes in a row.
    /// </summary>
    private List<int> ClipStarts(LessonScript script) => _scenesPerClip == 1
        ? Enumerable.Range(0, script.Scenes.Count).Where(scene => script.Scenes[scene].Asset is null).Take(MaxClips).ToList()
        : Enumerable.Range(0, Covered(script)).Where(scene => scene % _scenesPerClip == 0).ToList();

    // With several scenes a clip, the first MaxClipsPerLesson scenes are covered; with one, each clip covers its own scene.
    private int Covered(LessonScript script) => _scenesPerClip == 1 ? script.Scenes.Count : Math.Min(MaxClips, script.Scenes.Count);

    public async Task<SceneClip?> RemakeAsync(LessonVersion lesson, LessonScript script, int segment, int take, CancellationToken cancellationToken)
    {
        var picture = _worker.Illustrates ? await illustrator.FindAsync(lesson, segment - 1, cancellationToken) : null;
        var clip = await veo.GetClipAsync(new ClipId(lesson, segment - 1, take), script.Scenes[segment - 1].VisualPrompt, picture, cancellationToken);
        return clip.Path is { } path ? new SceneClip(segment, path) : null;
    }

    public async Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken)
    {
        await veo.ReleaseAsync(lesson, cancellationToken);
        if (_worker.Illustrates)
        {
            await illustrator.ReleaseAsync(lesson, cancellationToken);
        }
    }
}

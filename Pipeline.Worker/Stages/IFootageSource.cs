namespace VideoGen.Worker.Stages;

/// <summary>
/// Footage a remote generator makes for some of a lesson's scenes (Veo clips). It is made beside the pipeline's spine:
/// asked for as soon as the lesson's script exists, awaited by render, and bounded by the generator's quota rather than
/// by a local slot.
/// </summary>
public interface IFootageSource
{
    /// <summary>Everything in this source's settings that changes the footage; part of each lesson's fingerprint.</summary>
    string Settings { get; }

    /// <summary>
    /// How many lessons may be waiting for their footage at once: enough to keep the generator's quota full. Zero: this
    /// source makes no footage.
    /// </summary>
    int MaxWaitingLessons { get; }

    /// <summary>The footage of one version of a lesson, once all of it is made; safe to ask again after a failure.</summary>
    Task<LessonFootage> MakeAsync(LessonVersion lesson, LessonScript script, CancellationToken cancellationToken);

    /// <summary>
    /// Makes one scene's footage again, as take <paramref name="take"/> (from 1), after the video failed review: a new,
    /// paid generation, kept as its own so that a crash does not pay for it twice. Null when its answer was lost.
    /// </summary>
    /// <param name="segment">The narration segment the footage shows in (scene number, from 1).</param>
    Task<SceneClip?> RemakeAsync(LessonVersion lesson, LessonScript script, int segment, int take, CancellationToken cancellationToken);

    /// <summary>Called once the lesson is stored: what was kept only so a crash would not pay for it again can go.</summary>
    Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken);
}

/// <summary>The clips made for a lesson's scenes, and those whose answer was lost after they were requested.</summary>
public sealed record LessonFootage(IReadOnlyList<SceneClip> Clips, IReadOnlyList<LostClip> LostClips)
{
    /// <summary>What the report should say about the footage although the lesson was made, such as a shot made locally.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Generated illustrations, by narration segment (scene number, from 1): shown on the slides of scenes without a clip.</summary>
    public IReadOnlyDictionary<int, string> Illustrations { get; init; } = new Dictionary<int, string>();

    /// <summary>The presenter speaking the narration in the corner, once the narration exists; null for none.</summary>
    public PresenterTrack? Presenter { get; init; }

    public static readonly LessonFootage None = new([], []);
}

/// <summary>A generated clip, to be shown in place of one narration segment's slide.</summary>
/// <param name="Segment">Index into the narration's segments (0 is the title card).</param>
public sealed record SceneClip(int Segment, string Path)
{
    /// <summary>A camera shot already fitted to the frame and moving of itself: the local camera move leaves it alone.</summary>
    public bool IsShot { get; init; }
}

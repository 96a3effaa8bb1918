using VideoGen.Worker.Media;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Composition;

/// <summary>A generated clip shown in place of one narration segment's slide.</summary>
/// <param name="Segment">Index into the narration's segments (0 is the title card).</param>
/// <param name="Duration">How long the clip plays, where its file says; after that its last frame holds.</param>
/// <param name="IsShot">A camera shot that moves of itself (looped forward and back): no local camera move over it.</param>
public sealed record ClipPlacement(int Segment, string Path, bool HasAudio, bool IsShot = false, TimeSpan? Duration = null);

/// <summary>
/// A camera move over a slide, drawn on the CPU: the scene, its picture, the move, and the frames it covers (inclusive).
/// With <paramref name="Under"/>, the picture is a layer with alpha that moves over that still picture (the title card's
/// text over its rings).
/// </summary>
public sealed record DrawnMove(int Segment, string Picture, CameraMove Move, double From, double To, int FirstFrame, int LastFrame, string? Under = null)
{
    public int Frames => LastFrame - FirstFrame + 1;
}

/// <summary>
/// Everything that decides how one lesson video is put together: its timeline (the narration's segments), what shows in
/// each segment, what moves and when, and which inputs ffmpeg is given in which order.
/// </summary>
public sealed record CompositionPlan(
    LessonScript Script, Narration Narration, IReadOnlyList<ClipPlacement> Clips, bool Presenter, bool Camera, bool BurnSubtitles, bool ConstantFrameRate)
{
    public const int FramesPerSecond = 30;

    // A title card shorter than this gets no camera move: there would be no time to see it.
    private const double ShortestMovingTitle = 0.5;

    /// <summary>The spoken texts in segment order, which choose each segment's camera move.</summary>
    public IReadOnlyList<string> Texts { get; } = [Script.Title, .. Script.Scenes.Select(s => s.Narration)];

    /// <summary>Where each segment ends: where the next starts, the last at the narration's end.</summary>
    public TimeSpan SegmentEnd(int segment) =>
        segment + 1 < Narration.Segments.Count ? Narration.Segments[segment + 1].Start : Narration.Duration;

    /// <summary>How long the title card's camera move lasts (it starts the video), or null without one.</summary>
    public TimeSpan? TitleMove =>
        Camera && SegmentEnd(0).TotalSeconds >= ShortestMovingTitle
            ? TimeSpan.FromSeconds(CameraMoves.Window(TitleCameraMove, 0, SegmentEnd(0).TotalSeconds).To)
            : null;

    private static CameraMove TitleCameraMove => CameraMoves.For(0, "");

    public bool IsShot(int segment) => Clips.Any(c => c.Segment == segment && c.IsShot);

    /// <summary>
    /// The first frame that shows a picture of the slide list starting at <paramref name="seconds"/>: the list's demuxer
    /// gives pictures times in 1/25 s (the image demuxer's time base), and the frame rate filter puts each on the nearest frame.
    /// </summary>
    public static int PictureStartFrame(double seconds) =>
        (int)Math.Round(Math.Round(seconds * 25, MidpointRounding.AwayFromZero) / 25 * FramesPerSecond, MidpointRounding.AwayFromZero);

    public bool HasClip(int segment) => Clips.Any(c => c.Segment == segment);

    /// <summary>Whether a scene's picture moves under the camera: not the title card (moved as two layers), not a shot.</summary>
    public bool MovesUnderCamera(int segment) => Camera && segment > 0 && !IsShot(segment);

    /// <summary>
    /// The moves over the title card and scene slides, drawn on the CPU (<see cref="SlideWarp"/>) and given to ffmpeg as
    /// frames; a move over a clip is drawn by ffmpeg's perspective filter, which has the clip's frames.
    /// </summary>
    public IReadOnlyList<DrawnMove> DrawnMoves()
    {
        var moves = new List<DrawnMove>();
        if (TitleMove is { } titleMove)
        {
            // While the title card's move lasts, its text alone moves over its background, whose rings stay: the slight
            // parallax of a nearer layer. Scene slides, their background one colour, move as one picture.
            // The frames that start before the move ends, the last of them before the whole card shows.
            var end = titleMove.TotalSeconds;
            var last = Math.Min((int)Math.Ceiling(end * FramesPerSecond - 1e-9) - 1, PictureStartFrame(end) - 1);
            moves.Add(new DrawnMove(0, SlideList.TitleText, TitleCameraMove, 0, end, 0, last, SlideList.TitleBackground));
        }

        for (var segment = 1; segment < Narration.Segments.Count; segment++)
        {
            var (start, end) = (Narration.Segments[segment].Start.TotalSeconds, SegmentEnd(segment).TotalSeconds);
            if (!MovesUnderCamera(segment) || HasClip(segment) || !CameraMoves.Moves(end - start))
            {
                continue;
            }

            var move = CameraMoves.For(segment, Texts[segment]);
            var (from, to) = CameraMoves.Window(move, start, end);
            // The frames whose time is inside the window, as the filter's timeline would enable it, and which show this
            // scene's slide.
            var first = Math.Max((int)Math.Ceiling(from * FramesPerSecond - 1e-9), PictureStartFrame(start));
            var last = Math.Min((int)Math.Floor(to * FramesPerSecond + 1e-9), PictureStartFrame(end) - 1);
            moves.Add(new DrawnMove(segment, SlideList.PictureOf(this, segment), move, from, to, first, last));
        }

        return moves;
    }

    // ffmpeg's inputs, in order: the slides, the narration, each clip, the presenter and its mask, the drawn moves.
    public const int SlidesInput = 0;
    public const int NarrationInput = 1;

    public int ClipInput(int clip) => 2 + clip;

    public int PresenterInput => 2 + Clips.Count;

    public int PresenterMaskInput => PresenterInput + 1;

    /// <summary>The frames of the <see cref="DrawnMoves"/>, one after another, on ffmpeg's standard input.</summary>
    public int DrawnMovesInput => 2 + Clips.Count + (Presenter ? 2 : 0);

    /// <summary>
    /// The frames to encode. With a presenter every frame changes in its corner while it speaks, and a constant frame
    /// rate is asked for outright; otherwise only where something moves, and where a picture (or a burnt subtitle) changes.
    /// </summary>
    public FrameSchedule Schedule()
    {
        if (ConstantFrameRate || Presenter)
        {
            return FrameSchedule.Every(Narration.Duration, FramesPerSecond);
        }

        var moving = new List<(double From, double To)>();
        if (TitleMove is { } titleMove)
        {
            moving.Add((0, titleMove.TotalSeconds));
        }

        if (Camera)
        {
            moving.AddRange(CameraMoves.Windows(Narration, Texts, MovesUnderCamera));
        }

        foreach (var clip in Clips)
        {
            var start = Narration.Segments[clip.Segment].Start;
            var end = SegmentEnd(clip.Segment);
            var plays = clip.IsShot || clip.Duration is not { } length ? end - start : TimeSpan.FromTicks(Math.Min(length.Ticks, (end - start).Ticks));
            moving.Add((start.TotalSeconds, (start + plays).TotalSeconds));
        }

        var changes = Narration.Segments.Select(s => (double)PictureStartFrame(s.Start.TotalSeconds) / FramesPerSecond).ToList();
        if (TitleMove is { } end0)
        {
            changes.Add(end0.TotalSeconds);
        }

        if (BurnSubtitles)
        {
            changes.AddRange(WebVtt.CuesFor(Narration).SelectMany(c => new[] { c.Start.TotalSeconds, c.End.TotalSeconds }));
        }

        return FrameSchedule.Plan(Narration.Duration, FramesPerSecond, moving, changes);
    }
}

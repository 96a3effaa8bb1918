using System.Globalization;
using System.Text;
using VideoGen.Worker.Slides;

namespace VideoGen.Worker.Composition;

/// <summary>
/// The ffmpeg filter graph of a lesson video, from its plan: the slides at 30 fps, clips over their segments, the
/// camera's moves (drawn frames over slides, the perspective filter over clips), the presenter in its corner, then only
/// the frames the plan's schedule encodes, and the narration mixed with the clips' own sound. A pure function of the plan.
/// </summary>
public static class FilterGraph
{
    private const double ClipSoundVolume = 0.15;
    private const int Fps = CompositionPlan.FramesPerSecond;

    public static string Build(CompositionPlan plan)
    {
        var graph = new StringBuilder();
        var narration = plan.Narration;
        var clips = plan.Clips;
        // Converted to the video's pixel format once per slide, before fps repeats each slide into a frame per 1/30 s.
        graph.Append(F($"[{CompositionPlan.SlidesInput}:v]format=yuv420p,fps={Fps},setsar=1[slides];\n"));
        var video = "slides";

        for (var k = 0; k < clips.Count; k++)
        {
            var segment = narration.Segments[clips[k].Segment];
            var (start, end, length) = (Seconds(segment.Start), Seconds(segment.End), Seconds(segment.Duration));
            // A clip shorter than its segment holds its last frame; a longer one is cut.
            graph.Append(F($"[{plan.ClipInput(k)}:v]fps={Fps},scale={SlideTheme.Width}:{SlideTheme.Height}:force_original_aspect_ratio=decrease,"))
                .Append(F($"pad={SlideTheme.Width}:{SlideTheme.Height}:(ow-iw)/2:(oh-ih)/2,setsar=1,tpad=stop_mode=clone:stop_duration={length},"))
                .Append(F($"trim=duration={length},setpts=PTS-STARTPTS+{start}/TB[clip{k}];\n"))
                .Append(F($"[{video}][clip{k}]overlay=eof_action=pass:enable='between(t,{start},{end})'[over{k}];\n"));
            video = $"over{k}";
        }

        // The camera moves over slides and clips alike (not over shots, which move of themselves); burnt subtitles and
        // the presenter stay still over it. Over a slide (the title card's too) its frames come drawn, each put at its
        // place on the timeline; over a clip the perspective filter draws them.
        var drawn = plan.DrawnMoves();
        if (drawn.Count > 0)
        {
            graph.Append(F($"[{plan.DrawnMovesInput}:v]setpts='{DrawnFramesTime(drawn)}/{Fps}/TB'[drawnmoves];\n"))
                .Append(F($"[{video}][drawnmoves]overlay=eof_action=pass:enable='{string.Join('+', drawn.Select(DuringFrames))}'[drawn];\n"));
            video = "drawn";
        }

        var moves = plan.Camera ? CameraMoves.Filters(narration, plan.Texts, Fps, segment => plan.MovesUnderCamera(segment) && plan.HasClip(segment)) : "";
        var camera = moves.Length > 0 ? moves + "," : "";
        if (plan.Presenter)
        {
            var size = SlideTheme.PresenterSize;
            graph.Append(F($"[{plan.PresenterInput}:v]fps={Fps},scale={size}:{size},setsar=1,format=yuva420p[head];\n"))
                .Append(F($"[{plan.PresenterMaskInput}:v]scale={size}:{size},format=gray[mask];\n[head][mask]alphamerge[presenter];\n"))
                .Append(F($"[{video}]{camera}null[moved];\n"))
                .Append(F($"[moved][presenter]overlay=x=W-w-{SlideTheme.PresenterInset}:y=H-h-{SlideTheme.PresenterInset}:eof_action=pass:shortest=0[withpresenter];\n"));
            (video, camera) = ("withpresenter", "");
        }

        // Frames are dropped after the camera, whose moves count frames at the full rate, and before burnt subtitles,
        // which then are drawn only on the frames that are kept (the schedule keeps one wherever a cue changes).
        var schedule = plan.Schedule();
        var select = schedule.IsEveryFrame ? "" : $"select='{schedule.SelectExpression()}',";
        graph.Append(F($"[{video}]{camera}{select}format=yuv420p{Subtitles(plan)}[v];\n"));

        var sounds = clips.Select((clip, k) => (clip, k)).Where(c => c.clip.HasAudio).ToList();
        foreach (var (clip, k) in sounds)
        {
            var segment = narration.Segments[clip.Segment];
            var delay = (long)segment.Start.TotalMilliseconds;
            graph.Append(F($"[{plan.ClipInput(k)}:a]atrim=duration={Seconds(segment.Duration)},asetpts=PTS-STARTPTS,volume={ClipSoundVolume},adelay={delay}:all=1[sound{k}];\n"));
        }

        graph.Append(F($"[{CompositionPlan.NarrationInput}:a]")).Append(string.Concat(sounds.Select(s => $"[sound{s.k}]")))
            .Append(sounds.Count == 0 ? "anull[a]" : $"amix=inputs={sounds.Count + 1}:duration=first:normalize=0[a]");
        return graph.ToString();
    }

    /// <summary>
    /// True from a move's first frame to its last, by time: half a frame either side, so no rounding of a frame's time
    /// leaves it out or lets a neighbour in. (The overlay's own frame count does not follow the main input's.)
    /// </summary>
    private static string DuringFrames(DrawnMove move) =>
        F($"between(t,{(move.FirstFrame - 0.5) / Fps:0.######},{(move.LastFrame + 0.5) / Fps:0.######})");

    /// <summary>
    /// The frame number on the video's timeline of each drawn frame, from its number N in the stream of all of them:
    /// the moves' frames follow one another there, and each move starts at its own first frame.
    /// </summary>
    private static string DrawnFramesTime(IReadOnlyList<DrawnMove> moves)
    {
        var expression = "";
        var before = 0;
        var offsets = new List<(int Until, int Offset)>();
        foreach (var move in moves)
        {
            offsets.Add((before + move.Frames, move.FirstFrame - before));
            before += move.Frames;
        }

        for (var i = offsets.Count - 1; i >= 0; i--)
        {
            expression = i == offsets.Count - 1 ? F($"{offsets[i].Offset}") : F($"if(lt(N,{offsets[i].Until}),{offsets[i].Offset},{expression})");
        }

        return $"(N+{expression})";
    }

    private static string Subtitles(CompositionPlan plan)
    {
        if (!plan.BurnSubtitles)
        {
            return "";
        }

        // With a presenter, burnt subtitles keep to the left of it (margins are in the subtitle renderer's 384 px wide units).
        var marginRight = plan.Presenter ? $",MarginR={(SlideTheme.PresenterSize + SlideTheme.PresenterInset + 16) * 384 / SlideTheme.Width}" : "";
        return $",subtitles=subtitles.vtt:force_style='FontName=DejaVu Sans,FontSize=20,Outline=1,MarginV=24{marginRight}'";
    }

    internal static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

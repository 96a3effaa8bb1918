using VideoGen.Worker.Composition;
using VideoGen.Worker.Stages;

namespace VideoGen.Tests.Composition;

/// <summary>The filter graph as text, without running ffmpeg: what moves, where frames are dropped, which input is which.</summary>
public sealed class FilterGraphTests
{
    private static readonly LessonScript Script = new("Graphs", "Tests",
    [
        new Scene("First scene.", "First", ""),
        new Scene("Second scene.", "Second", ""),
    ]);

    private static readonly Narration Narration = new("narration.wav",
    [
        new NarrationSegment("Graphs.", TimeSpan.Zero, TimeSpan.FromSeconds(2)),
        new NarrationSegment("First scene.", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6)),
        new NarrationSegment("Second scene.", TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(7)),
    ], TimeSpan.FromSeconds(15));

    private static CompositionPlan Plan(bool presenter = false, bool camera = true, bool burn = false, bool cfr = false, IReadOnlyList<ClipPlacement>? clips = null) =>
        new(Script, Narration, clips ?? [], presenter, camera, burn, cfr);

    [Fact]
    public void Frames_are_dropped_after_the_camera_moves_and_before_burnt_subtitles()
    {
        // The camera moves over a clip in the graph itself.
        var graph = FilterGraph.Build(Plan(burn: true, clips: [new ClipPlacement(1, "clip.mp4", HasAudio: false)]));
        var last = graph.Split('\n').Single(l => l.EndsWith("[v];", StringComparison.Ordinal));

        Assert.Contains("perspective=", last, StringComparison.Ordinal);
        Assert.True(last.LastIndexOf("perspective=", StringComparison.Ordinal) < last.IndexOf("select=", StringComparison.Ordinal), last);
        Assert.True(last.IndexOf("select=", StringComparison.Ordinal) < last.IndexOf("subtitles=", StringComparison.Ordinal), last);
    }

    [Fact]
    public void A_presenter_or_a_constant_frame_rate_keeps_every_frame()
    {
        Assert.DoesNotContain("select=", FilterGraph.Build(Plan(presenter: true)), StringComparison.Ordinal);
        Assert.DoesNotContain("select=", FilterGraph.Build(Plan(cfr: true)), StringComparison.Ordinal);
        Assert.Contains("select=", FilterGraph.Build(Plan()), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_camera_nothing_moves_and_only_picture_changes_and_the_keep_alive_are_encoded()
    {
        var plan = Plan(camera: false);
        var graph = FilterGraph.Build(plan);

        Assert.DoesNotContain("perspective=", graph, StringComparison.Ordinal);
        Assert.Null(plan.TitleMove);
        // 15 s: one frame a second (15), the last two, and the neighbours of each slide's first frame (1 + 2 + 2).
        Assert.Equal(15 + 2 + 5, plan.Schedule().EncodedFrames);
    }

    [Fact]
    public void A_clip_is_encoded_frame_by_frame_while_it_plays_and_held_after()
    {
        var clip = new ClipPlacement(1, "clip.mp4", HasAudio: true, Duration: TimeSpan.FromSeconds(3));
        var plan = Plan(camera: false, clips: [clip]);
        var schedule = plan.Schedule();

        Assert.All(Enumerable.Range(60, 90), frame => Assert.True(schedule.Encodes(frame), $"frame {frame} while the clip plays"));
        Assert.False(schedule.Encodes(170));
        Assert.Contains("[2:v]fps=30", FilterGraph.Build(plan), StringComparison.Ordinal);
        Assert.Contains("[2:a]atrim", FilterGraph.Build(plan), StringComparison.Ordinal);
    }

    [Fact]
    public void A_shot_moves_for_its_whole_scene_and_the_camera_leaves_it_alone()
    {
        var shot = new ClipPlacement(2, "shot.mp4", HasAudio: false, IsShot: true, Duration: TimeSpan.FromSeconds(2));
        var plan = Plan(clips: [shot]);

        Assert.False(plan.MovesUnderCamera(2));
        Assert.All(Enumerable.Range(240, 210), frame => Assert.True(plan.Schedule().Encodes(frame), $"frame {frame} of the shot"));
    }

    [Fact]
    public void Inputs_are_numbered_slides_narration_clips_presenter_mask_then_the_drawn_moves()
    {
        var plan = Plan(presenter: true, clips: [new ClipPlacement(1, "a.mp4", false), new ClipPlacement(2, "b.mp4", false)]);
        var graph = FilterGraph.Build(plan);

        Assert.Equal((4, 5, 6), (plan.PresenterInput, plan.PresenterMaskInput, plan.DrawnMovesInput));
        Assert.Contains("[4:v]fps=30,scale=", graph, StringComparison.Ordinal);
        Assert.Contains("[5:v]scale=", graph, StringComparison.Ordinal);
        // Both scenes have clips: only the title card's move is drawn.
        Assert.Equal(0, Assert.Single(plan.DrawnMoves()).Segment);
        Assert.Contains("[6:v]setpts=", graph, StringComparison.Ordinal);
    }

    [Fact]
    public void The_title_cards_move_is_drawn_and_no_filter_moves_a_slide()
    {
        var plan = Plan();
        var graph = FilterGraph.Build(plan);

        Assert.Equal([0, 1, 2], plan.DrawnMoves().Select(m => m.Segment));
        Assert.DoesNotContain("perspective=", graph, StringComparison.Ordinal);
        Assert.DoesNotContain("yuva420p", graph, StringComparison.Ordinal);
    }
}

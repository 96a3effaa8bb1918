using System.Globalization;
using VideoGen.Tests.Support;
using VideoGen.Worker.Composition;

namespace VideoGen.Tests.Composition;

/// <summary>Which frames of the 30 fps timeline a lesson video encodes, and ffmpeg's select keeping exactly those.</summary>
public sealed class FrameScheduleTests
{
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_still_picture_is_encoded_where_it_starts_once_a_second_and_at_the_end()
    {
        var schedule = FrameSchedule.Plan(TenSeconds, 30, [], []);

        Assert.Equal(300, schedule.TotalFrames);
        Assert.Equal([0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 298, 299], Enumerable.Range(0, 300).Where(schedule.Encodes));
        Assert.False(schedule.IsEveryFrame);
    }

    [Fact]
    public void Every_frame_of_a_move_is_encoded_and_none_of_the_still_picture_after_it_but_the_keep_alive()
    {
        var schedule = FrameSchedule.Plan(TenSeconds, 30, [(2.0, 3.2)], []);

        // 2.0 s to 3.2 s is frames 60 to 96, with one more either side for the filters' rounding.
        Assert.All(Enumerable.Range(59, 39), frame => Assert.True(schedule.Encodes(frame), $"frame {frame} of the move"));
        Assert.False(schedule.Encodes(58));
        Assert.False(schedule.Encodes(98));
        Assert.Equal(Enumerable.Range(99, 201).Where(f => f % 30 == 0 || f >= 298), Enumerable.Range(99, 201).Where(schedule.Encodes));
    }

    [Fact]
    public void The_frame_where_a_new_picture_starts_is_encoded_wherever_it_falls()
    {
        var schedule = FrameSchedule.Plan(TenSeconds, 30, [], [4.51, 7.0]);

        // 4.51 s rounds to frame 135, 7 s is frame 210: each with its neighbours, so the change is never late.
        Assert.All(new[] { 134, 135, 136, 209, 210, 211 }, frame => Assert.True(schedule.Encodes(frame), $"frame {frame}"));
        Assert.False(schedule.Encodes(137));
    }

    [Fact]
    public void Spans_outside_the_video_and_overlapping_spans_make_one_run_inside_it()
    {
        var schedule = FrameSchedule.Plan(TenSeconds, 30, [(-1, 0.5), (0.4, 1.0), (9.5, 12)], [0]);

        Assert.Equal([(0, 31), (284, 299)], schedule.Runs);
        Assert.Equal([(0, 0), (298, 299)], FrameSchedule.Plan(TenSeconds, 30, [], []).Runs);
    }

    [Fact]
    public void Every_frame_is_a_constant_frame_rate()
    {
        var every = FrameSchedule.Every(TimeSpan.FromSeconds(2.01), 30);

        Assert.True(every.IsEveryFrame);
        Assert.Equal(61, every.TotalFrames);
        Assert.Equal(61, every.EncodedFrames);
    }

    [Fact]
    public async Task Ffmpeg_select_keeps_exactly_the_frames_the_schedule_encodes()
    {
        var schedule = FrameSchedule.Plan(TenSeconds, 30, [(1.25, 2.45), (6, 6.3)], [3.7, 8.05]);

        var (output, _) = await Tool.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=s=64x36:r=30:d=10",
            "-vf", $"select='{schedule.SelectExpression()}'", "-fps_mode", "vfr", "-f", "framemd5", "-");
        var kept = output.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => int.Parse(l.Split(',')[2].Trim(), CultureInfo.InvariantCulture)).ToList();

        // framemd5 prints each kept frame's time in the stream's 1/30 s units: its number on the full timeline.
        Assert.Equal(Enumerable.Range(0, 300).Where(schedule.Encodes), kept);
        Assert.Equal(schedule.EncodedFrames, kept.Count);
    }
}

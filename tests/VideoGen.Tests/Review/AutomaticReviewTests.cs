using Microsoft.Extensions.Options;
using VideoGen.Tests.Support;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Media;
using VideoGen.Worker.Review;
using VideoGen.Worker.Stages;

namespace VideoGen.Tests.Review;

/// <summary>The automatic checks on videos made with ffmpeg to have one fault each, and on one with none.</summary>
public sealed class AutomaticReviewTests : IDisposable
{
    private static readonly Lesson Lesson = new("course", "Course", "lesson", "Title", "One. Two. Three.", "test");
    private static readonly LessonScript Script = new("Title", "", [new Scene("One. Two. Three.", "One", "")]);

    // A title card of 2 s, then one scene of 8 s.
    private static readonly Narration Narration = new("n.wav",
        [new NarrationSegment("Title.", TimeSpan.Zero, TimeSpan.FromSeconds(2)), new NarrationSegment("One. Two. Three.", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8))],
        TimeSpan.FromSeconds(10));

    private readonly TempFolder _folder = new();
    private readonly AutomaticReview _review = new(Options.Create(new ReviewOptions()));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_moving_picture_with_steady_speech_and_matching_subtitles_passes()
    {
        var review = await ReviewAsync(picture: "testsrc2", sound: "sine=f=330:d=10");

        Assert.Empty(review.Findings);
    }

    [Fact]
    public async Task Silence_inside_the_narration_is_found_where_it_is()
    {
        var review = await ReviewAsync(picture: "testsrc2", sound: "sine=f=330:d=10,volume=enable='between(t,4,7)':volume=0");

        var finding = Assert.Single(review.Findings);
        Assert.Equal(("3.0 s of silence at 0:04 (scene 1)", 1), (finding.Text, finding.Segment));
    }

    [Fact]
    public async Task Black_picture_in_a_clip_scene_is_tied_to_the_clip()
    {
        var review = await ReviewAsync(picture: "testsrc2", sound: "sine=f=330:d=10", videoFilter: "drawbox=c=black:t=fill:enable='between(t,3,7)'", clipInScene1: true);

        var finding = Assert.Single(review.Findings);
        Assert.Matches(@"^4\.\d s of black picture at 0:0[23] \(scene 1, generated clip\)$", finding.Text);
        Assert.True(finding.InClip);
    }

    [Fact]
    public async Task Quiet_sound_and_drifting_subtitles_are_said_plainly()
    {
        var review = await ReviewAsync(picture: "testsrc2", sound: "sine=f=330:d=10,volume=-25dB", subtitlesShift: TimeSpan.FromSeconds(2));

        Assert.Contains(review.Findings, f => f.Text.StartsWith("the sound is too quiet: -", StringComparison.Ordinal) && f.Text.EndsWith("LUFS, where speech is about -20", StringComparison.Ordinal));
        Assert.Contains(review.Findings, f => f.Text == "subtitles drift 2.0 s from the narration at 0:00 (title card)");
        Assert.Contains(review.Findings, f => f.Text == "subtitles leave 2.0 s of narration at 0:00 uncovered (title card)");
    }

    [Fact]
    public async Task A_still_picture_longer_than_its_scene_is_frozen()
    {
        // One picture through the title card and the whole scene: longer than either.
        var review = await ReviewAsync(picture: "color=c=0x336699", sound: "sine=f=330:d=10");

        var finding = Assert.Single(review.Findings);
        Assert.StartsWith("10.0 s of frozen picture from 0:00, longer than its scene (title card)", finding.Text);
    }

    private async Task<VideoReview> ReviewAsync(string picture, string sound, string? videoFilter = null, bool clipInScene1 = false, TimeSpan subtitlesShift = default)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.Path, Guid.NewGuid().ToString("N"))).FullName;
        var video = Path.Combine(folder, "video.mp4");
        await Tool.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"{picture}{(picture.Contains('=') ? ':' : '=')}s=640x360:r=30:d=10", "-f", "lavfi", "-i", sound,
            "-vf", videoFilter ?? "null", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "10", video);
        var subtitles = Path.Combine(folder, "subtitles.vtt");
        var cues = WebVtt.CuesFor(Narration).Select(c => c with { Start = c.Start + subtitlesShift, End = c.End + subtitlesShift });
        await File.WriteAllTextAsync(subtitles, WebVtt.Format(cues));
        var footage = clipInScene1 ? new LessonFootage([new SceneClip(1, "clip.mp4")], []) : LessonFootage.None;
        return await _review.ReviewAsync(Lesson, Script, Narration, footage, new RenderedVideo(video, "t.jpg", subtitles), CancellationToken.None);
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VideoGen.Tests.Support;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Composition;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Stages;

namespace VideoGen.Tests.Composition;

/// <summary>
/// One lesson (camera moves, a clip that plays then holds) composed twice: encoding only the frames that move, and at a
/// constant 30 fps as before. A viewer must not tell them apart, frame by frame, in ffmpeg and in Chromium.
/// </summary>
public sealed class VideoLookTests(VideoLookTests.Videos videos) : IClassFixture<VideoLookTests.Videos>
{
    public sealed class Videos : IAsyncLifetime, IDisposable
    {
        private readonly TempFolder _folder = new();

        public static readonly LessonScript Script = new("Still pictures", "Tests",
        [
            new Scene("Slides stand still while the narration goes on. Only a moment of each moves.", "Slides stand still\nA moment moves", ""),
            new Scene("This scene shows a clip. It plays, then holds its last frame.", "A clip plays", ""),
            new Scene("The last scene is a slide again. It ends the video.", "The last slide\nIt ends the video", ""),
        ]);

        public Narration Narration { get; private set; } = null!;
        public string Moving { get; private set; } = "";
        public string Constant { get; private set; } = "";
        public string Subtitles { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var options = new LocalProviderOptions { VideoPreset = "ultrafast" };
            var narrationFolder = Directory.CreateDirectory(Path.Combine(_folder.Path, "narration"));
            Narration = await new EspeakNarrator(Options.Create(options), new EspeakVoices(Options.Create(options))).NarrateAsync(Script, narrationFolder, CancellationToken.None);
            var clip = Path.Combine(_folder.Path, "clip.mp4");
            await Tool.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=24:d=2", "-f", "lavfi", "-i", "sine=f=330:d=2",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);
            var footage = new LessonFootage([new SceneClip(2, clip)], []);

            Moving = (await RenderAsync(options, footage, "moving")).VideoPath;
            var constant = await RenderAsync(new LocalProviderOptions { VideoPreset = "ultrafast", ConstantFrameRate = true }, footage, "constant");
            (Constant, Subtitles) = (constant.VideoPath, constant.SubtitlesPath);
        }

        private async Task<RenderedVideo> RenderAsync(LocalProviderOptions settings, LessonFootage footage, string name)
        {
            var options = Options.Create(settings);
            var composer = new SlideVideoComposer(options, Options.Create(new WorkerOptions { Camera = WorkerOptions.CameraLocal }), settings.Painter());
            return await Renderers.Slides(composer, options).RenderAsync(Script, Narration, footage, Directory.CreateDirectory(Path.Combine(_folder.Path, name)), CancellationToken.None);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _folder.Dispose();
    }

    [Fact]
    public async Task Every_frame_of_the_timeline_matches_the_constant_frame_rate_video()
    {
        var psnr = await Frames.PsnrOfEveryFrameAsync(videos.Moving, videos.Constant, CompositionPlan.FramesPerSecond);

        var frames = (int)Math.Ceiling(videos.Narration.Duration.TotalSeconds * CompositionPlan.FramesPerSecond);
        Assert.InRange(psnr.Count, frames - 3, frames + 1);
        var worst = psnr.Select((value, frame) => (value, frame)).MinBy(p => p.value);
        Assert.True(worst.value >= 40, $"frame {worst.frame} ({worst.frame / 30.0:0.00} s) differs: {worst.value:0.0} dB");
    }

    [Fact]
    public async Task It_lasts_as_long_with_a_fraction_of_the_frames_and_every_packet_readable()
    {
        var moving = await Ffprobe.ProbeAsync(videos.Moving);
        var constant = await Ffprobe.ProbeAsync(videos.Constant);

        Assert.Equal(Duration(constant), Duration(moving), 0.05);
        Assert.Equal(videos.Narration.Duration.TotalSeconds, Duration(moving), 0.1);
        var (movingFrames, constantFrames) = (VideoPackets(moving), VideoPackets(constant));
        Assert.True(movingFrames * 2 < constantFrames, $"{movingFrames} frames encoded of {constantFrames}");
        Assert.Equal(30.0 * Duration(constant), constantFrames, 2.0);

        var probe = await MediaProbe.ReadAsync(videos.Moving, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Empty(probe.FindProblems(1280, 720, 30, videos.Narration.Duration, TimeSpan.FromSeconds(0.1)));
        // The picture lasts as long as the sound: a player shows the last slide to the end.
        Assert.Equal(probe.Audio!.Duration!.Value.TotalSeconds, probe.Video!.Duration!.Value.TotalSeconds, 0.1);
    }

    [Fact]
    public async Task Each_scene_picture_changes_where_its_first_subtitle_starts()
    {
        var cues = WebVttFile.Parse(await File.ReadAllTextAsync(videos.Subtitles));
        foreach (var segment in videos.Narration.Segments.Skip(1))
        {
            var start = segment.Start.TotalSeconds;
            Assert.Contains(cues, cue => Math.Abs(cue.Start.TotalSeconds - start) < 0.002);

            var before = await Frames.PsnrAsync(videos.Moving, start - 0.07, videos.Constant, start - 0.07);
            var across = await Frames.PsnrAsync(videos.Moving, start - 0.07, videos.Moving, start + 0.07);
            Assert.True(before >= 40, $"at {start:0.00} s the picture changes early: {before:0.0} dB against the constant frame rate video");
            Assert.True(across < 30, $"the picture does not change where the scene starts at {start:0.00} s: {across:0.0} dB across it");
        }
    }

    [Fact]
    public async Task Chromium_plays_it_and_seeks_to_the_same_pictures_as_ffmpeg()
    {
        var folder = Path.GetDirectoryName(videos.Moving)!;
        await File.WriteAllTextAsync(Path.Combine(folder, "player.html"), "<!doctype html><video id=v muted playsinline src=\"video.mp4\"></video>");
        await using var site = await StaticFiles.ServeAsync(folder);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var tab = await browser.NewPageAsync();
        tab.SetDefaultTimeout(20_000);
        await tab.GotoAsync($"{site.Url}/player.html");

        var duration = await tab.EvaluateAsync<double>("() => new Promise((ok, fail) => { const v = document.getElementById('v'); setTimeout(() => fail(new Error('no metadata')), 15000); " +
            "if (v.readyState >= 1) ok(v.duration); v.onloadedmetadata = () => ok(v.duration); v.onerror = () => fail(v.error.message); })");
        Assert.Equal(videos.Narration.Duration.TotalSeconds, duration, 0.1);

        var played = await tab.EvaluateAsync<JsonElement>("async () => { const v = document.getElementById('v'); await v.play(); " +
            "await new Promise(r => setTimeout(r, 1500)); v.pause();  return { time: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames, error: v.error ? v.error.message : null }; }");
        Assert.True(played.GetProperty("time").GetDouble() > 0.5, $"playback stalled: {played}");
        Assert.True(played.GetProperty("frames").GetInt32() > 0, $"no frame shown: {played}");

        // The middle of each scene's still part, inside a camera move, and the clip while it plays and while it holds.
        var scenes = videos.Narration.Segments;
        double[] times = [scenes[1].Start.TotalSeconds + 0.3, (scenes[1].Start + scenes[1].Duration * 0.7).TotalSeconds,
            scenes[2].Start.TotalSeconds + 1.0, (scenes[2].Start + scenes[2].Duration * 0.8).TotalSeconds, (scenes[3].Start + scenes[3].Duration * 0.6).TotalSeconds];
        foreach (var time in times)
        {
            // Seeked, the frame may still be on its way to the page: drawn only once the element has it, and again while
            // the drawing is empty.
            var pixels = await tab.EvaluateAsync<int[]>("t => new Promise((ok, fail) => { const v = document.getElementById('v'); " +
                "setTimeout(() => fail(new Error('no frame after seeking to ' + t)), 15000); " +
                "const c = document.createElement('canvas'); c.width = 160; c.height = 90; const g = c.getContext('2d', { willReadFrequently: true }); " +
                "const draw = tries => { g.clearRect(0, 0, 160, 90); g.drawImage(v, 0, 0, 160, 90); const d = g.getImageData(0, 0, 160, 90).data; " +
                "if ((v.readyState < 2 || !d.some((x, i) => i % 4 == 3 && x > 0)) && tries > 0) { setTimeout(() => draw(tries - 1), 100); return; } " +
                "ok(Array.from(d).filter((_, i) => i % 4 != 3)); }; " +
                "v.onseeked = () => requestAnimationFrame(() => requestAnimationFrame(() => draw(30))); v.currentTime = t; })", time);
            // Chromium reads a video that names no colour matrix as HD's (BT.709), and so does ffmpeg here.
            var expected = await Frames.SmallRgbAsync(videos.Moving, time, 160, 90, ":in_color_matrix=bt709");
            var difference = pixels.Zip(expected, (a, b) => Math.Abs(a - b)).Average();
            Assert.True(difference < 6, $"at {time:0.00} s Chromium shows another picture than ffmpeg: mean difference {difference:0.0} of 255");
        }
    }

    private static double Duration(JsonElement probe) =>
        double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);

    private static int VideoPackets(JsonElement probe) =>
        int.Parse(probe.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == "video")
            .GetProperty("nb_read_packets").GetString()!, CultureInfo.InvariantCulture);
}

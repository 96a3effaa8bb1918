using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.GpuJobs;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.Presenter;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.AvatarForcing;

/// <summary>
/// <c>--presenter avatarforcing</c>: the portrait and the narration go to an AvatarForcing server, in chunks of at most
/// 30 s (<see cref="SpeechChunks"/>) resampled to 16 kHz mono, one job each; the talking heads that come back are
/// joined, each cut to its chunk's frames, into one track in step with the narration. Finished chunks are kept with the
/// store's paid work. When a chunk cannot be had (the server is down, a job fails twice, a video of the
/// wrong length or none), the lesson gets the local presenter instead, and its report says why.
/// </summary>
public sealed class AvatarForcingPresenter(
    LocalPresenter local,
    GpuJobRunner jobs,
    IHttpClientFactory httpClients,
    IOperationLedger operations,
    IPaidWork paid,
    PipelineTelemetry telemetry,
    IOptions<AvatarForcingOptions> options,
    IOptions<LocalProviderOptions> tools,
    ILogger<AvatarForcingPresenter> logger) : IPresenter
{
    // A talking head may be a little longer or shorter than its speech (the model's frame rate, the muxer); beyond this
    // it is the wrong video.
    private static readonly TimeSpan LengthTolerance = TimeSpan.FromSeconds(0.25);

    private readonly AvatarForcingOptions _options = options.Value;
    private const string Kind = "presenter";

    private readonly SemaphoreSlim _atOnce = new(options.Value.MaxJobsAtOnce);
    private readonly Lazy<(byte[] Png, string Hash)> _portrait = new(() =>
    {
        var png = local.PortraitPng();
        return (png, Convert.ToHexStringLower(SHA256.HashData(png)));
    });

    public int MaxWaitingLessons => _options.MaxJobsAtOnce;

    public string Settings =>
        $"avatarforcing/1;seed={_options.Seed};chunk={_options.MaxChunkSeconds.ToString(CultureInfo.InvariantCulture)};" +
        $"portrait={local.PortraitVersion}";

    public async Task<PresenterTrack?> MakeAsync(LessonVersion lesson, Narration narration, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        await paid.DeleteOtherVersionsAsync(Kind, lesson, cancellationToken);
        var chunks = SpeechChunks.Split(narration, TimeSpan.FromSeconds(_options.MaxChunkSeconds));
        // One chunk without a talking head costs the lesson all of them: the others are not waited for.
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var making = chunks.Select((chunk, k) => ChunkAsync(lesson, narration, chunk, k, workFolder, giveUp.Token)).ToList();
        try
        {
            foreach (var failed in making)
            {
                _ = failed.ContinueWith(_ => giveUp.Cancel(), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
            }

            var clips = await Task.WhenAll(making);
            return new PresenterTrack(await JoinAsync(chunks, clips, narration.Duration, workFolder, cancellationToken));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var cause = making.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) ?? ex;
            var reason = cause.Message;
            telemetry.GpuFallback(AvatarForcingOptions.Server);
            // A server taken for down was warned about once, when it was; each lesson that goes without it is not.
            logger.Log(cause is GpuServerDownException ? LogLevel.Debug : LogLevel.Warning, "{Lesson} gets the local presenter: {Reason}", lesson.Lesson, reason);
            var track = await local.MakeAsync(lesson, narration, workFolder, cancellationToken);
            return track! with { Warnings = [$"presenter: no AvatarForcing video ({reason}); the local presenter was drawn instead"] };
        }
    }

    private async Task<string> ChunkAsync(
        LessonVersion lesson, Narration narration, SpeechChunk chunk, int k, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        await _atOnce.WaitAsync(cancellationToken);
        try
        {
            var speech = await SpeechAsync(narration, chunk, k, workFolder, cancellationToken);
            var key = Hash(Encoding.UTF8.GetBytes($"head/1\n{_portrait.Value.Hash}\n{Hash(speech)}\n{_options.Seed}"))[..32];
            var name = $"{k}-{key[..12]}.mp4";
            if (await paid.FindAsync(Kind, lesson, name, cancellationToken) is { } found)
            {
                return found;
            }

            var field = $"head:{lesson.Content}:{k}:{key[..8]}";
            var request = new GpuJobRequest(
                lesson.Lesson, field, "talking-head", key,
                new Dictionary<string, GpuMedia> { ["image"] = new("image/png", _portrait.Value.Png), ["audio"] = new("audio/wav", speech) },
                new JsonObject { ["seed"] = _options.Seed });
            var client = new GpuJobClient(httpClients.CreateClient(AvatarForcingOptions.Server), AvatarForcingOptions.Server, AvatarForcingOptions.Section);
            var output = await jobs.RunAsync(client, _options, request, cancellationToken);

            var raw = paid.TemporaryPath(Kind, lesson, name);
            string kept;
            try
            {
                await File.WriteAllBytesAsync(raw, output.Data, cancellationToken);
                await CheckAsync(raw, chunk, k, cancellationToken);
                kept = await paid.KeepAsync(Kind, lesson, name, raw, cancellationToken);
            }
            finally
            {
                File.Delete(raw);
            }

            // The clip is kept: its job need not be polled again.
            await operations.ForgetAsync(lesson.Lesson, field, cancellationToken);
            return kept;
        }
        finally
        {
            _atOnce.Release();
        }
    }

    /// <summary>The chunk's speech as AvatarForcing takes it: 16 kHz mono 16-bit WAV, the same bytes every time.</summary>
    private async Task<byte[]> SpeechAsync(Narration narration, SpeechChunk chunk, int k, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workFolder.FullName, $"presenter-speech{k}.wav");
        await ExternalTool.RunAsync("ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", narration.WavPath,
             "-af", F($"atrim=start={chunk.Start.TotalSeconds}:duration={chunk.Duration.TotalSeconds},asetpts=PTS-STARTPTS"),
             "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", path],
            workFolder.FullName, tools.Value.ToolTimeout, cancellationToken);
        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    private async Task CheckAsync(string clip, SpeechChunk chunk, int k, CancellationToken cancellationToken)
    {
        MediaProbe probe;
        try
        {
            probe = await MediaProbe.ReadAsync(clip, tools.Value.ToolTimeout, cancellationToken);
        }
        catch (StageException ex) when (!ex.IsTransient)
        {
            throw new GpuJobFailedException($"chunk {k + 1} is not a video: {ex.Message}", ex);
        }

        if (probe.Video is null || probe.Video.PacketProblems().FirstOrDefault() is { } _)
        {
            throw new GpuJobFailedException($"chunk {k + 1} has no whole video stream");
        }

        var length = probe.Video.Duration ?? probe.Duration;
        if ((length - chunk.Duration).Duration() > LengthTolerance)
        {
            throw new GpuJobFailedException(F($"chunk {k + 1} is a video of {length.TotalSeconds:0.##} s for {chunk.Duration.TotalSeconds:0.##} s of speech"));
        }
    }

    /// <summary>
    /// One track at 30 fps from the chunks' clips, each given exactly the frames its stretch of the narration covers
    /// (counted from the narration's start, so rounding never adds up to drift).
    /// </summary>
    private async Task<string> JoinAsync(
        IReadOnlyList<SpeechChunk> chunks, IReadOnlyList<string> clips, TimeSpan duration, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        const int fps = LocalPresenter.FramesPerSecond;
        var size = SlideTheme.PresenterSize;
        var graph = new StringBuilder();
        for (var k = 0; k < chunks.Count; k++)
        {
            var frames = Frame(chunks[k].End) - Frame(chunks[k].Start);
            graph.Append(F($"[{k}:v]fps={fps},scale={size}:{size},setsar=1,tpad=stop_mode=clone:stop_duration=2,trim=end_frame={frames},setpts=PTS-STARTPTS[c{k}];"));
        }

        graph.Append(string.Concat(Enumerable.Range(0, chunks.Count).Select(k => $"[c{k}]")))
            .Append(F($"concat=n={chunks.Count}:v=1:a=0,format=yuv420p[v]"));
        var path = Path.Combine(workFolder.FullName, "presenter.mp4");
        await ExternalTool.RunAsync("ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. clips.SelectMany(c => new[] { "-i", c }),
             "-filter_complex", graph.ToString(), "-map", "[v]", "-frames:v", Frame(duration).ToString(CultureInfo.InvariantCulture),
             "-c:v", "libx264", "-preset", tools.Value.VideoPreset, "-pix_fmt", "yuv420p", path],
            workFolder.FullName, tools.Value.ToolTimeout, cancellationToken);
        return path;

        static int Frame(TimeSpan at) => (int)Math.Round(at.TotalSeconds * fps);
    }

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

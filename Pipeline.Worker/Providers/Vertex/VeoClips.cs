using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.Vertex;

/// <summary>A scene's clip file, or why it has none: its answer was lost after it was requested.</summary>
public sealed record VeoClip(string? Path, LostClip? Lost);

/// <summary>
/// Veo clips, each paid for once: a clip is requested through <see cref="VeoSubmissions"/>, a restarted worker polls
/// the operation it finds in the ledger instead of starting another, a request whose answer was lost is never sent
/// again unasked, and a finished clip is kept in <c>&lt;output&gt;/.clips</c> until the lesson is stored.
/// </summary>
public sealed class VeoClips(
    VertexClient client,
    CloudStorageClient storage,
    IOperationLedger operations,
    AdaptiveConcurrency concurrency,
    VeoSubmissions submissions,
    ClipCache clips,
    IOptions<VertexOptions> options,
    IOptions<WorkerOptions> worker,
    TimeProvider time,
    ILogger<VeoClips> logger)
{
    private readonly VertexOptions _options = options.Value;

    /// <summary>Forgets a stored lesson's operations and deletes its kept clips.</summary>
    public async Task ReleaseAsync(LessonKey lesson, CancellationToken cancellationToken)
    {
        await operations.ForgetAsync(lesson, null, cancellationToken);
        clips.Delete(lesson);
    }

    /// <summary>
    /// The clip of one scene as an MP4 file: kept from before, from an operation under way, or newly generated. When
    /// the answer to its request was lost (now or in an earlier run) there is no clip: the result says so, or with
    /// <c>Vertex:OnLostAnswer=fail</c> the lesson fails.
    /// </summary>
    public async Task<VeoClip> GetClipAsync(LessonKey lesson, int scene, string prompt, CancellationToken cancellationToken)
    {
        if (clips.Find(lesson, scene) is { } path)
        {
            Activity.Current?.AddEvent(new ActivityEvent("veo.clip_kept", tags: new() { ["videogen.scene"] = scene }));
            return new VeoClip(path, null);
        }

        prompt = string.IsNullOrWhiteSpace(prompt) ? "An abstract, calm background for a lesson video" : prompt;
        var operation = await operations.FindAsync(lesson, scene, cancellationToken);
        if (operation is { Lost: true } lost && lost.Prompt == prompt)
        {
            if (!worker.Value.ResubmitUnknown)
            {
                return AnswerLost(lesson, scene, lost);
            }

            logger.LogWarning("Requesting again the clip of {Lesson} scene {Scene} whose answer was lost; it may be paid twice", lesson, scene + 1);
            operation = null;
        }
        else if (operation is { Lost: true })
        {
            // Lost while the scene asked for something else: the text changed since, and this is another clip.
            operation = null;
        }

        AdaptiveConcurrency.Slot slot;
        if (operation is null)
        {
            var submitted = await submissions.SubmitAsync(lesson, scene, prompt, cancellationToken);
            if (submitted.Slot is not { } held)
            {
                return AnswerLost(lesson, scene, submitted.Operation);
            }

            (operation, slot) = (submitted.Operation, held);
        }
        else
        {
            // A resumed operation runs at Google already, so it counts against the limit like a new one.
            slot = await concurrency.AcquireAsync(cancellationToken);
            logger.LogInformation("Resuming Veo operation {Operation} for {Lesson} scene {Scene}", operation.Name, lesson, scene + 1);
            Activity.Current?.AddEvent(new ActivityEvent("veo.resumed", tags: new() { ["videogen.operation"] = operation.Name }));
        }

        GeneratedVideo video;
        try
        {
            video = await PollAsync(lesson, scene, operation, cancellationToken);
            slot.Release(SlotOutcome.Succeeded);
        }
        catch
        {
            slot.Release(SlotOutcome.Neutral);
            throw;
        }

        var bytes = video.BytesBase64Encoded is { } inline
            ? Convert.FromBase64String(inline)
            : video.GcsUri is { } gcs
                ? await storage.DownloadAsync(gcs, cancellationToken)
                : throw StageException.Permanent("Veo's video has neither bytes nor a gcsUri");

        return new VeoClip(await clips.SaveAsync(lesson, scene, bytes, cancellationToken), null);
    }

    private VeoClip AnswerLost(LessonKey lesson, int scene, PendingOperation lost) => _options.OnLostAnswer == "fail"
        ? throw StageException.Permanent(
            $"the Veo answer for scene {scene + 1} was lost after it was requested ({lost.Reason}) and may have been paid; " +
            "--resubmit-unknown requests it again")
        : new VeoClip(null, new LostClip(scene + 1, lost.Prompt ?? "", lost.Reason ?? "answer lost"));

    private async Task<GeneratedVideo> PollAsync(LessonKey lesson, int scene, PendingOperation pending, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + _options.OperationTimeout;
        for (var poll = 1; ; poll++)
        {
            VideoOperation? operation = null;
            try
            {
                operation = await client.FetchOperationAsync(pending.Model, pending.Location, pending.Name, cancellationToken);
            }
            catch (Exception ex) when (TransientFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
            {
                // A failed poll says nothing about the operation: it is unknown, not failed.
                Activity.Current?.AddEvent(new ActivityEvent("veo.poll_unknown", tags: new() { ["videogen.poll"] = poll, ["videogen.reason"] = ex.Message }));
            }

            if (operation is { Done: true })
            {
                return await ResultAsync(lesson, scene, operation);
            }

            if (operation is not null)
            {
                Activity.Current?.AddEvent(new ActivityEvent("veo.poll", tags: new() { ["videogen.poll"] = poll }));
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw StageException.Transient(
                    $"Veo operation {pending.Name} was not done after {_options.OperationTimeout}; the next attempt polls it again", reason: "timeout");
            }

            await Task.Delay(_options.PollInterval, time, cancellationToken);
        }
    }

    private async Task<GeneratedVideo> ResultAsync(LessonKey lesson, int scene, VideoOperation operation)
    {
        if (operation.Error is { } error)
        {
            // The generation failed and was not delivered: forgetting it lets the next attempt start a new one.
            await operations.ForgetAsync(lesson, scene, CancellationToken.None);
            var transient = error.Code is 4 or 8 or 10 or 13 or 14;
            throw new StageException($"Veo operation failed: {error.Code} {error.Message}", transient, reason: transient ? "server_error" : "permanent");
        }

        var videos = operation.Response?.Videos ?? [];
        if (videos.Count == 0 && operation.Response?.RaiMediaFilteredCount > 0)
        {
            // Kept in the ledger on purpose: a rerun sees the same verdict without paying for it again.
            var reasons = string.Join("; ", operation.Response.RaiMediaFilteredReasons ?? []);
            throw StageException.Permanent($"Veo's safety filter blocked the clip: {reasons}");
        }

        return videos.FirstOrDefault() ?? throw StageException.Permanent("Veo's operation finished without a video");
    }
}

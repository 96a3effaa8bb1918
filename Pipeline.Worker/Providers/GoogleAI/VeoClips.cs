using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>A scene's clip file, or why it has none: its answer was lost after it was requested.</summary>
public sealed record VeoClip(string? Path, LostClip? Lost);

/// <summary>
/// Veo clips, each paid for once: a clip is requested through <see cref="VeoSubmissions"/>, a restarted worker polls
/// the operation it finds in the ledger instead of starting another, a request whose answer was lost is never sent
/// again unasked, and a finished clip is kept with the store's paid work (<see cref="ClipCache"/>).
/// </summary>
public sealed class VeoClips(
    GenAIClient client,
    IGenAIBackend backend,
    CloudStorageClient storage,
    IOperationLedger operations,
    ClipQuota quota,
    VeoSubmissions submissions,
    LostClipSearch lostClips,
    ClipCache clips,
    IOptions<GoogleAIOptions> options,
    IOptions<WorkerOptions> worker,
    TimeProvider time,
    ILogger<VeoClips> logger)
{
    private readonly GoogleAIOptions _options = options.Value;

    /// <summary>
    /// Once a lesson is stored its operations are done with, and so are the clips of its earlier versions. The clips of
    /// this version stay: the lesson made again unchanged (<c>--force</c>, a new setting) reuses them instead of paying.
    /// </summary>
    public async Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken)
    {
        await operations.ForgetAsync(lesson.Lesson, null, cancellationToken);
        await clips.ReleaseAsync(lesson, cancellationToken);
    }

    /// <summary>
    /// The clip of one scene as an MP4 file: kept from before, from an operation under way, or newly generated. When
    /// the answer to its request was lost (now or in an earlier run) there is no clip: the result says so, or with
    /// <c>GoogleAI:OnLostAnswer=fail</c> the lesson fails.
    /// </summary>
    /// <param name="firstFrame">A picture the clip starts from (the scene's illustration), or null for none.</param>
    public async Task<VeoClip> GetClipAsync(ClipId clip, string prompt, string? firstFrame, CancellationToken cancellationToken)
    {
        if (await clips.FindAsync(clip, cancellationToken) is { } path)
        {
            Activity.Current?.AddEvent(new ActivityEvent("veo.clip_kept", tags: new() { ["videogen.scene"] = clip.Scene }));
            return new VeoClip(path, null);
        }

        prompt = string.IsNullOrWhiteSpace(prompt) ? "An abstract, calm background for a lesson video" : prompt;
        var operation = await operations.FindAsync(clip.Lesson, clip.Field, cancellationToken);
        if (operation is { Lost: false } other && !backend.Owns(other.Name))
        {
            // Started by a run with the other provider (the same Redis, the same lesson): paid, perhaps, but not
            // readable from here. It is treated as an answer lost, never requested again unasked.
            operation = other with { Lost = true, Prompt = other.Prompt ?? prompt, Reason = $"operation {other.Name} was started through the other Google provider" };
        }

        if (operation is { Lost: true } lost)
        {
            // The same version of the lesson: whatever the script now asks for, this clip may have been paid already.
            if (!worker.Value.ResubmitUnknown)
            {
                return await lostClips.FindAsync(clip, lost, cancellationToken) ?? AnswerLost(clip, lost);
            }

            logger.LogWarning("Requesting again the clip of {Clip} whose answer was lost; it may be paid twice", clip);
            operation = null;
        }

        ClipQuota.Slot slot;
        if (operation is null)
        {
            var submitted = await submissions.SubmitAsync(clip, prompt, firstFrame, cancellationToken);
            if (submitted.Slot is not { } held)
            {
                return await lostClips.FindAsync(clip, submitted.Operation, cancellationToken) ?? AnswerLost(clip, submitted.Operation);
            }

            (operation, slot) = (submitted.Operation, held);
        }
        else
        {
            // A resumed operation runs at Google already, so it counts against the limit like a new one.
            slot = await quota.AcquireAsync(cancellationToken);
            logger.LogInformation("Resuming Veo operation {Operation} for {Clip}", operation.Name, clip);
            Activity.Current?.AddEvent(new ActivityEvent("veo.resumed", tags: new() { ["videogen.operation"] = operation.Name }));
        }

        GeneratedVideo video;
        try
        {
            video = await PollAsync(clip, operation, cancellationToken);
        }
        catch
        {
            await slot.ReleaseAsync(SlotOutcome.Neutral);
            throw;
        }

        await slot.ReleaseAsync(SlotOutcome.Succeeded);

        var bytes = video.BytesBase64Encoded is { } inline
            ? Convert.FromBase64String(inline)
            : video.GcsUri is { } gcs
                ? await storage.DownloadAsync(gcs, cancellationToken)
                : video.Uri is { } address
                    ? await client.DownloadAsync(address, cancellationToken)
                    : throw StageException.Permanent("Veo's video has neither bytes, a gcsUri nor a uri");

        return new VeoClip(await clips.SaveAsync(clip, bytes, cancellationToken), null);
    }

    private VeoClip AnswerLost(ClipId clip, PendingOperation lost) => _options.OnLostAnswer == "fail"
        ? throw StageException.Permanent(
            $"the Veo answer for scene {clip.Scene + 1} was lost after it was requested ({lost.Reason}) and may have been paid; " +
            "--resubmit-unknown requests it again")
        : new VeoClip(null, new LostClip(clip.Scene + 1, lost.Prompt ?? "", lost.Reason ?? "answer lost"));

    private async Task<GeneratedVideo> PollAsync(ClipId clip, PendingOperation pending, CancellationToken cancellationToken)
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
                return await ResultAsync(clip, operation);
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

            // While other clips wait for room, a finished one that goes unnoticed keeps them waiting: look more often.
            await Task.Delay(quota.IsContended ? _options.PollInterval / 4 : _options.PollInterval, time, cancellationToken);
        }
    }

    private async Task<GeneratedVideo> ResultAsync(ClipId clip, VideoOperation operation)
    {
        if (operation.Error is { } error)
        {
            // The generation failed and was not delivered: forgetting it lets the next attempt start a new one.
            await operations.ForgetAsync(clip.Lesson, clip.Field, CancellationToken.None);
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

using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Polly;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.Vertex;

/// <summary>A scene's clip file, or why it has none: its answer was lost after it was requested.</summary>
public sealed record VeoClip(string? Path, LostClip? Lost);

/// <summary>
/// Veo clips, each paid for once: an operation's name is saved the moment Google returns it, a restarted worker
/// polls that operation instead of starting another, and a finished clip is kept in <c>&lt;output&gt;/.clips</c> until
/// the lesson is stored. Starts go through an <see cref="AdaptiveConcurrency"/> limit, so a 429 from Veo's quota
/// lowers the number of operations running at once instead of being retried blindly.
/// </summary>
public sealed class VeoClips(
    VertexClient client,
    CloudStorageClient storage,
    IOperationLedger operations,
    AdaptiveConcurrency concurrency,
    PipelineTelemetry telemetry,
    ResiliencePipelineProvider<string> resilience,
    ClipCache clips,
    IOptions<VertexOptions> options,
    IOptions<WorkerOptions> worker,
    TimeProvider time,
    ILogger<VeoClips> logger)
{
    private readonly VertexOptions _options = options.Value;
    private readonly ResiliencePipeline _start = resilience.GetPipeline(VeoRetries.Start);
    private readonly ResiliencePipeline _save = resilience.GetPipeline(VeoRetries.SaveOperation);

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
            try
            {
                (operation, slot) = await StartAsync(lesson, scene, prompt, cancellationToken);
            }
            catch (VeoAnswerLostException ex)
            {
                return AnswerLost(lesson, scene, await RecordLostAsync(lesson, scene, prompt, ex));
            }
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

    /// <summary>
    /// Keeps a submission whose answer was lost, before anything else happens: it may have been paid, so it is counted
    /// as spent and never sent again unasked.
    /// </summary>
    private async Task<PendingOperation> RecordLostAsync(LessonKey lesson, int scene, string prompt, VeoAnswerLostException lost)
    {
        var record = new PendingOperation("", _options.VideoModel, _options.Location, time.GetUtcNow(), Lost: true, prompt, lost.Message);
        telemetry.VideoOperationStarted(_options.VideoModel, _options.ClipSeconds, _options.ClipSeconds * _options.Prices.PerVideoSecond);
        await SaveAsync(lesson, scene, record);
        logger.LogWarning("The answer to the Veo request for {Lesson} scene {Scene} was lost ({Reason}); it is not sent again", lesson, scene + 1, lost.Message);
        Activity.Current?.AddEvent(new ActivityEvent("veo.answer_lost", tags: new() { ["videogen.scene"] = scene, ["videogen.reason"] = lost.Message }));
        return record;
    }

    private VeoClip AnswerLost(LessonKey lesson, int scene, PendingOperation lost) => _options.OnLostAnswer == "fail"
        ? throw StageException.Permanent(
            $"the Veo answer for scene {scene + 1} was lost after it was requested ({lost.Reason}) and may have been paid; " +
            "--resubmit-unknown requests it again")
        : new VeoClip(null, new LostClip(scene + 1, lost.Prompt ?? "", lost.Reason ?? "answer lost"));

    /// <summary>
    /// Starts a generation under the concurrency limit. A 429 means Veo's quota is full: the limit comes down and the
    /// start waits for room instead of retrying blindly; repeated refusals of the same start also back off.
    /// </summary>
    private async Task<(PendingOperation, AdaptiveConcurrency.Slot)> StartAsync(
        LessonKey lesson, int scene, string prompt, CancellationToken cancellationToken)
    {
        var request = new PredictLongRunningRequest(
            [new VideoInstance(prompt)],
            new VideoParameters(_options.AspectRatio, _options.ClipSeconds, _options.Resolution, GenerateAudio: true, SampleCount: 1));
        var refusals = 0;
        try
        {
            return await _start.ExecuteAsync(async ct =>
            {
                var slot = await concurrency.AcquireAsync(ct);

                // Written ahead: should the worker die before the answer is saved, the next run finds the request
                // unanswered and treats it as lost, instead of sending it again.
                try
                {
                    await SaveAsync(lesson, scene, new PendingOperation(
                        "", _options.VideoModel, _options.Location, time.GetUtcNow(), Lost: true, prompt, "the worker stopped while requesting it"));
                }
                catch
                {
                    slot.Release(SlotOutcome.Neutral);
                    throw;
                }

                string name;
                try
                {
                    name = await client.StartVideoAsync(_options.VideoModel, _options.Location, request, ct);
                }
                catch (VeoAnswerLostException)
                {
                    slot.Release(SlotOutcome.Neutral);
                    throw;
                }
                catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await ForgetNotStartedAsync(lesson, scene);
                    slot.Release(SlotOutcome.Rejected);
                    refusals++;
                    telemetry.VideoOperationRefused(_options.VideoModel);
                    Activity.Current?.AddEvent(new ActivityEvent("veo.refused", tags: new()
                    {
                        ["videogen.refusals"] = refusals,
                        ["videogen.running"] = slot.RunningAtStart,
                        ["videogen.limit"] = concurrency.Limit,
                    }));
                    throw;
                }
                catch
                {
                    await ForgetNotStartedAsync(lesson, scene);
                    slot.Release(SlotOutcome.Neutral);
                    throw;
                }

                var operation = new PendingOperation(name, _options.VideoModel, _options.Location, time.GetUtcNow());
                telemetry.VideoOperationStarted(_options.VideoModel, _options.ClipSeconds, _options.ClipSeconds * _options.Prices.PerVideoSecond);
                try
                {
                    await SaveAsync(lesson, scene, operation);
                }
                catch
                {
                    slot.Release(SlotOutcome.Neutral);
                    throw;
                }

                Activity.Current?.AddEvent(new ActivityEvent("veo.started", tags: new() { ["videogen.operation"] = name }));
                return (operation, slot);
            }, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw StageException.Transient($"Veo refused to start the clip {refusals} times for lack of quota: {ex.Message}", ex, "rate_limited");
        }
    }

    /// <summary>A refused request started nothing: its record written ahead goes, so that it can be sent again.</summary>
    private async Task ForgetNotStartedAsync(LessonKey lesson, int scene)
    {
        try
        {
            await operations.ForgetAsync(lesson, scene, CancellationToken.None);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            // Left in place it reads as a lost answer: the clip becomes a slide, and nothing is paid twice.
            logger.LogWarning("Could not clear the request record of {Lesson} scene {Scene}: {Error}", lesson, scene + 1, ex.Message);
        }
    }

    /// <summary>Saves a started operation's name; only a lasting Redis outage gives up, naming the operation.</summary>
    private async Task SaveAsync(LessonKey lesson, int scene, PendingOperation operation)
    {
        try
        {
            await _save.ExecuteAsync(async ct => await operations.SaveAsync(lesson, scene, operation, ct), CancellationToken.None);
        }
        catch (Exception ex)
        {
            throw StageException.Permanent(operation.Lost
                ? $"the Veo answer for scene {scene + 1} of {lesson} was lost ({operation.Reason}) and that could not be recorded ({ex.GetType().Name}); check the bill before running it again"
                : $"Veo operation {operation.Name} started but could not be recorded ({ex.GetType().Name}); poll it by hand", ex);
        }
    }

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

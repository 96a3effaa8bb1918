using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Providers.GoogleAI.Pricing;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>A submission's outcome: the started operation and the slot it holds, or a lost answer (no slot).</summary>
public sealed record VeoSubmission(PendingOperation Operation, ClipQuota.Slot? Slot);

/// <summary>
/// Sends a Veo request, the call that costs money, at most once. It is recorded in the operation ledger before it goes
/// out; then its outcome is one of three. Not started (429, another refusal): the record goes, and a 429 waits for
/// room under the shared <see cref="ClipQuota"/>. Started: the operation's name replaces the record. Unknown
/// (the answer was lost after the request went out): the record stays, marked lost, and the request is never sent
/// again unasked.
/// </summary>
public sealed class VeoSubmissions(
    GenAIClient client,
    IOperationLedger operations,
    ClipQuota quota,
    GoogleAIPricing pricing,
    SpendBudget budget,
    PipelineTelemetry telemetry,
    ResiliencePipelineProvider<string> resilience,
    IOptions<GoogleAIOptions> options,
    TimeProvider time,
    ILogger<VeoSubmissions> logger)
{
    private readonly GoogleAIOptions _options = options.Value;
    private readonly ResiliencePipeline _start = resilience.GetPipeline(VeoRetries.Start);
    private readonly ResiliencePipeline _save = resilience.GetPipeline(VeoRetries.SaveOperation);

    /// <summary>A clip's price at the chosen model's rate (0 when it has none: a run with a cap refuses to start then).</summary>
    private decimal ClipCost => _options.ClipSeconds * (pricing.PerVideoSecond(_options.VideoModel) ?? 0);

    /// <param name="firstFrame">A PNG the clip starts from, or null.</param>
    public async Task<VeoSubmission> SubmitAsync(ClipId clip, string prompt, string? firstFrame, CancellationToken cancellationToken)
    {
        try
        {
            var image = firstFrame is null ? null : new VideoImage(Convert.ToBase64String(await File.ReadAllBytesAsync(firstFrame, cancellationToken)), "image/png");
            var (operation, slot) = await StartAsync(clip, prompt, image, cancellationToken);
            return new VeoSubmission(operation, slot);
        }
        catch (VeoAnswerLostException ex)
        {
            return new VeoSubmission(await RecordLostAsync(clip, prompt, ex), null);
        }
    }

    /// <summary>
    /// Starts a generation under the shared clip quota. A 429 means Veo's quota is full: the limit comes down and the
    /// start waits for room instead of retrying blindly; repeated refusals of the same start also back off.
    /// </summary>
    private async Task<(PendingOperation, ClipQuota.Slot)> StartAsync(
        ClipId clip, string prompt, VideoImage? firstFrame, CancellationToken cancellationToken)
    {
        var request = new PredictLongRunningRequest(
            [new VideoInstance(prompt, firstFrame)],
            new VideoParameters(_options.AspectRatio, _options.ClipSeconds, _options.Resolution, GenerateAudio: true, SampleCount: 1,
                StorageUri: OutputFolder(clip)));
        var refusals = 0;
        // The clip's price is reserved under the cap once it has room to start (a wait for quota may be long), and spent
        // once Veo took the request, or may have: an answer lost counts as paid.
        var reservation = SpendBudget.Reservation.None;
        var paid = false;
        try
        {
            var submission = await _start.ExecuteAsync(async ct =>
            {
                var slot = await quota.AcquireAsync(ct);

                try
                {
                    reservation = await budget.ReserveAsync(ClipCost, ct);
                    await WriteAheadAsync(clip, prompt);
                }
                catch
                {
                    await slot.ReleaseAsync(SlotOutcome.Neutral);
                    throw;
                }

                string name;
                try
                {
                    name = await client.StartVideoAsync(_options.VideoModel, _options.Location, request, ct);
                    paid = true;
                }
                catch (VeoAnswerLostException)
                {
                    await slot.ReleaseAsync(SlotOutcome.Neutral);
                    throw;
                }
                catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // Refused: nothing is paid, and the next attempt reserves again once it has room.
                    await budget.SettleAsync(reservation, 0);
                    reservation = SpendBudget.Reservation.None;
                    await ForgetNotStartedAsync(clip);
                    await slot.ReleaseAsync(SlotOutcome.Rejected);
                    refusals++;
                    telemetry.VideoOperationRefused(_options.VideoModel);
                    Activity.Current?.AddEvent(new ActivityEvent("veo.refused", tags: new()
                    {
                        ["videogen.refusals"] = refusals,
                        ["videogen.running"] = slot.RunningAtStart,
                        ["videogen.limit"] = quota.Limit,
                    }));
                    throw;
                }
                catch
                {
                    await ForgetNotStartedAsync(clip);
                    await slot.ReleaseAsync(SlotOutcome.Neutral);
                    throw;
                }

                var operation = new PendingOperation(name, _options.VideoModel, _options.Location, time.GetUtcNow());
                telemetry.VideoOperationStarted(_options.VideoModel, _options.ClipSeconds, ClipCost);
                try
                {
                    await SaveAsync(clip, operation);
                }
                catch
                {
                    await slot.ReleaseAsync(SlotOutcome.Neutral);
                    throw;
                }

                Activity.Current?.AddEvent(new ActivityEvent("veo.started", tags: new() { ["videogen.operation"] = name }));
                return (operation, slot);
            }, cancellationToken);
            return submission;
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw StageException.Transient($"Veo refused to start the clip {refusals} times for lack of quota: {ex.Message}", ex, "rate_limited");
        }
        catch (VeoAnswerLostException)
        {
            paid = true;
            throw;
        }
        finally
        {
            await budget.SettleAsync(reservation, paid ? ClipCost : 0);
        }
    }

    /// <summary>
    /// Keeps a submission whose answer was lost, before anything else happens: it may have been paid, so it is counted
    /// as spent and never sent again unasked.
    /// </summary>
    private async Task<PendingOperation> RecordLostAsync(ClipId clip, string prompt, VeoAnswerLostException lost)
    {
        var record = new PendingOperation("", _options.VideoModel, _options.Location, time.GetUtcNow(), Lost: true, prompt, lost.Message);
        telemetry.VideoOperationStarted(_options.VideoModel, _options.ClipSeconds, ClipCost);
        await SaveAsync(clip, record);
        logger.LogWarning("The answer to the Veo request for {Clip} was lost ({Reason}); it is not sent again", clip, lost.Message);
        Activity.Current?.AddEvent(new ActivityEvent("veo.answer_lost", tags: new() { ["videogen.scene"] = clip.Scene, ["videogen.reason"] = lost.Message }));
        return record;
    }

    /// <summary>
    /// Where Veo writes the clip with <c>Vertex:OutputStorageUri</c> set: a folder of its own, named by the clip, so a
    /// clip whose answer was lost can be found there once Veo has made it.
    /// </summary>
    public string? OutputFolder(ClipId clip) => string.IsNullOrWhiteSpace(_options.OutputStorageUri)
        ? null
        : $"{_options.OutputStorageUri.TrimEnd('/')}/{clip.Lesson.FlatName}/{clip.Version.Content}/{clip.Scene}/";

    /// <summary>A refused request started nothing: its record written ahead goes, so that it can be sent again.</summary>
    private async Task ForgetNotStartedAsync(ClipId clip)
    {
        try
        {
            await operations.ForgetAsync(clip.Lesson, clip.Field, CancellationToken.None);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            // Left in place it reads as a lost answer: the clip becomes a slide, and nothing is paid twice.
            logger.LogWarning("Could not clear the request record of {Clip}: {Error}", clip, ex.Message);
        }
    }

    /// <summary>
    /// Records the request before it is sent: should the worker die before the answer is saved, the next run finds it
    /// unanswered and treats it as lost, instead of sending it again. If it cannot be recorded, it is not sent.
    /// </summary>
    private async Task WriteAheadAsync(ClipId clip, string prompt)
    {
        var unanswered = new PendingOperation(
            "", _options.VideoModel, _options.Location, time.GetUtcNow(), Lost: true, prompt, "the worker stopped while requesting it");
        try
        {
            await _save.ExecuteAsync(async ct => await operations.SaveAsync(clip.Lesson, clip.Field, unanswered, ct), CancellationToken.None);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            throw StageException.Transient($"the Veo request for {clip} could not be recorded before sending it, so it was not sent: {ex.Message}", ex);
        }
    }

    /// <summary>Saves a started operation's name; only a lasting Redis outage gives up, naming the operation.</summary>
    private async Task SaveAsync(ClipId clip, PendingOperation operation)
    {
        try
        {
            await _save.ExecuteAsync(async ct => await operations.SaveAsync(clip.Lesson, clip.Field, operation, ct), CancellationToken.None);
        }
        catch (Exception ex)
        {
            throw StageException.Permanent(operation.Lost
                ? $"the Veo answer for {clip} was lost ({operation.Reason}) and that could not be recorded ({ex.GetType().Name}); check the bill before running it again"
                : $"Veo operation {operation.Name} started but could not be recorded ({ex.GetType().Name}); poll it by hand", ex);
        }
    }
}

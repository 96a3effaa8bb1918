using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>Finds clips whose answers were lost in the Cloud Storage folder Veo was told to write them to.</summary>
public sealed class LostClipSearch(
    CloudStorageClient storage,
    IOperationLedger operations,
    ClipQuota quota,
    VeoSubmissions submissions,
    ClipCache clips,
    IOptions<GoogleAIOptions> options,
    TimeProvider time,
    ILogger<LostClipSearch> logger)
{
    private readonly GoogleAIOptions _options = options.Value;

    /// <summary>
    /// Looks for a lost clip where Veo was told to write it (<c>Vertex:OutputStorageUri</c>), until the longest
    /// generation time has passed since it was requested; the clip found is kept like any other. Null when there is no
    /// such folder or nothing came.
    /// </summary>
    public async Task<VeoClip?> FindAsync(ClipId clip, PendingOperation lost, CancellationToken cancellationToken)
    {
        if (submissions.OutputFolder(clip) is not { } folder)
        {
            return null;
        }

        // Veo is probably making it right now, so it counts against the quota like an operation being polled.
        var slot = await quota.AcquireAsync(cancellationToken);
        var outcome = SlotOutcome.Neutral;
        try
        {
            var giveUp = lost.StartedAt + _options.LostAnswerWait;
            for (var look = 1; ; look++)
            {
                IReadOnlyList<string> objects = [];
                try
                {
                    objects = await storage.ListAsync(folder, cancellationToken);
                }
                catch (Exception ex) when (TransientFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("veo.lost_look_failed", tags: new() { ["videogen.reason"] = ex.Message }));
                }

                if (objects.FirstOrDefault(o => o.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase)) is { } video)
                {
                    var path = await clips.SaveAsync(clip, await storage.DownloadAsync(video, cancellationToken), cancellationToken);
                    await operations.ForgetAsync(clip.Lesson, clip.Field, CancellationToken.None);
                    outcome = SlotOutcome.Succeeded;
                    logger.LogInformation("Found the clip of {Clip} whose answer was lost at {Video}", clip, video);
                    Activity.Current?.AddEvent(new ActivityEvent("veo.lost_found", tags: new() { ["videogen.looks"] = look }));
                    return new VeoClip(path, null);
                }

                if (time.GetUtcNow() >= giveUp)
                {
                    return null;
                }

                await Task.Delay(_options.PollInterval, time, cancellationToken);
            }
        }
        finally
        {
            await slot.ReleaseAsync(outcome);
        }
    }
}

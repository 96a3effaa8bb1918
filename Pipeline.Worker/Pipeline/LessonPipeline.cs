using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// The Dataflow graph: <c>buffer -> enhance -> narrate -> render -> store</c>, with each lesson's footage (Veo clips)
/// made beside it: asked for as soon as enhance has written the script, taken by render. Every block is bounded, so a
/// catalog of any size holds only a few lessons in memory; failures travel as values on the job, so one bad
/// lesson never faults the graph; completion and cancellation flow from the buffer to the store. A lesson's job is
/// opened as it enters and disposed as it leaves, so its claim, work folder and span live exactly as long as its work.
/// </summary>
public sealed class LessonPipeline(
    IEnhancer enhancer,
    INarrator narrator,
    IFootageSource footage,
    IPresenter presenter,
    ReviewedRender reviewedRender,
    ILessonStore store,
    ILessonLedger ledger,
    StageRunner stages,
    FailureStreak streak,
    RunStop runStop,
    TimeProvider time,
    ResiliencePipelineProvider<string> resilience,
    PipelineTelemetry telemetry,
    IOptions<PipelineOptions> options,
    IOptions<WorkerOptions> worker,
    ILogger<LessonPipeline> logger)
{
    private readonly PipelineOptions _options = options.Value;
    private readonly Polly.ResiliencePipeline _redisOutage = resilience.GetPipeline(RedisOutage.PipelineName);

    /// <summary>
    /// Runs the claimed lessons through the graph; <paramref name="finished"/> is called once for each lesson that
    /// entered it, and its claim is held until that is done. A lesson that never entered (the run stopped first) is not
    /// reported and its claim is released.
    /// </summary>
    /// <param name="stopTaking">Cancelled: no further lesson enters the graph; those inside go on.</param>
    /// <param name="abandon">Cancelled: the lessons inside stop where they are and come out failed, unmarked.</param>
    public async Task RunAsync(
        IAsyncEnumerable<ClaimedLesson> lessons, WorkFolders work, Func<LessonJob, Task> finished,
        CancellationToken stopTaking, CancellationToken abandon)
    {
        var footageLeftOver = new List<Task>();
        // A lesson is claimed only when there is room to work on it, so workers sharing a catalog share it evenly
        // instead of the first one claiming what it would only queue.
        using var window = new SemaphoreSlim(_options.EnhanceParallelism + _options.NarrateParallelism + footage.MaxWaitingLessons +
                                             presenter.MaxWaitingLessons + _options.RenderParallelism + _options.StoreParallelism);
        var buffer = new BufferBlock<LessonJob>(new DataflowBlockOptions { BoundedCapacity = _options.QueueCapacity });

        var enhance = Stage("enhance", _options.EnhanceParallelism, async (job, ct) =>
        {
            job.Script = await enhancer.EnhanceAsync(job.Lesson, ct);
            // Beside the spine: the footage depends on the script alone, so it is made while the lesson is narrated.
            job.Footage = PendingFootage.Start(footage, job, abandon);
        });

        var narrate = Stage("narrate", _options.NarrateParallelism, async (job, ct) =>
            job.Narration = await narrator.NarrateAsync(job.Script!, job.WorkFolder, ct));

        // Render takes in as many lessons as may wait for their footage, so a lesson waiting for a clip holds no
        // composition slot: only composition, CPU work, is bounded by RenderParallelism.
        using var composition = new SemaphoreSlim(_options.RenderParallelism);
        var render = Stage("render", footage.MaxWaitingLessons + presenter.MaxWaitingLessons + _options.RenderParallelism, async (job, ct) =>
        {
            var made = await job.Footage!.TakeAsync(ct);
            // The presenter speaks the narration, so it is made now; a GPU server's wait holds no composition slot, and
            // the stage has room for as many lessons as wait for one.
            made = made with { Presenter = await presenter.MakeAsync(job.Planned.Version, job.Narration!, job.WorkFolder, ct) };
            (job.Video, job.Review) = await reviewedRender.RenderAsync(job, made, composition, ct);
        });

        var storeBlock = new ActionBlock<LessonJob>(
            async job =>
            {
                // Only here is a lesson marked finished, and only once its files are in place. Storing is
                // quick and not cancelled, so a stopped run keeps every lesson that got this far.
                await stages.RunAsync(job, "store", async (j, ct) =>
                {
                    var record = new StoredRecord(j.Fingerprint, j.Planned.Version.Content, time.GetUtcNow());
                    j.StoredVideo = await store.StoreAsync(j.Lesson.Key, j.Video!, record, ct);
                    await _redisOutage.WaitThroughAsync(() => ledger.MarkFinishedAsync(j.Lesson.Key, j.Fingerprint, ct), $"marking {j.Lesson.Key} done", ct);
                    await ReleaseAsync(j, ct);
                    logger.LogInformation("Made {Lesson}: {Video}", j.Lesson.Key, j.StoredVideo);
                    streak.LessonMade();
                }, CancellationToken.None);
                await CompleteAsync(job);
            },
            BlockOptions(_options.StoreParallelism));

        using var queueDepth = telemetry.ObserveQueueDepth(() =>
        [
            ("enhance", buffer.Count + enhance.InputCount),
            ("narrate", enhance.OutputCount + narrate.InputCount),
            ("render", narrate.OutputCount + render.InputCount),
            ("store", render.OutputCount + storeBlock.InputCount),
        ]);

        var propagate = new DataflowLinkOptions { PropagateCompletion = true };
        buffer.LinkTo(enhance, propagate);
        enhance.LinkTo(narrate, propagate);
        narrate.LinkTo(render, propagate);
        render.LinkTo(storeBlock, propagate);

        await foreach (var job in OpenWhilePossible(lessons, work, window, stopTaking))
        {
            if (!await TrySendAsync(buffer, job, stopTaking))
            {
                // Stop taking lessons. Those inside the graph finish, or once abandoned fail as "stopped"
                // without being marked finished and drain out to the store block like any failure. This one never
                // entered: it is not reported, and the run counts it with the others it did not start.
                job.NeverStarted = true;
                await job.DisposeAsync();
                break;
            }
        }

        buffer.Complete();
        await storeBlock.Completion;
        await Task.WhenAll(footageLeftOver);

        // Every job that entered comes out here exactly once, and lets go of all it held.
        async Task CompleteAsync(LessonJob job)
        {
            await finished(job);
            window.Release();
            if (job.Footage is { IsSettled: false } pending)
            {
                // Failed before render, with its footage still being made: that may be paid for already, so it is let
                // finish and kept for the lesson's next attempt, and the lesson's claim is held until then.
                lock (footageLeftOver)
                {
                    footageLeftOver.Add(pending.Settled.ContinueWith(_ => job.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap());
                }

                return;
            }

            await job.DisposeAsync();
        }

        // Once the run is stopping, a lesson waiting in front of a stage is not started there: only work that is
        // under way gets the grace period. Storing is never skipped, so nothing made is thrown away.
        TransformBlock<LessonJob, LessonJob> Stage(string name, int parallelism, Func<LessonJob, CancellationToken, Task> work) =>
            new(job =>
            {
                if (stopTaking.IsCancellationRequested && !job.IsFailed)
                {
                    job.Fail(name, runStop.NotStartedReason is { } why
                        ? $"{why}, before this lesson's {name}"
                        : $"the run was stopped before this lesson's {name} started");
                    return Task.FromResult(job);
                }

                return stages.RunAsync(job, name, work, abandon);
            }, BlockOptions(parallelism));
    }

    /// <summary>
    /// A job for each claimed lesson, until a lesson cannot even be prepared (its work folder on a full disk, say):
    /// then the run takes no more and finishes cleanly with those already inside; the rest are not started.
    /// </summary>
    private async IAsyncEnumerable<LessonJob> OpenWhilePossible(
        IAsyncEnumerable<ClaimedLesson> lessons, WorkFolders work, SemaphoreSlim window, [EnumeratorCancellation] CancellationToken stopTaking)
    {
        await using var enumerator = lessons.GetAsyncEnumerator();
        while (true)
        {
            LessonJob job;
            try
            {
                await window.WaitAsync(stopTaking);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || TransientFailure.Is(ex))
            {
                logger.LogError("No more lessons can be started: {Error}", ex.Message);
                yield break;
            }

            try
            {
                job = LessonJob.Open(enumerator.Current, work, worker.Value.Provider);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await enumerator.Current.Lease.DisposeAsync();
                logger.LogError("No more lessons can be started: {Error}", ex.Message);
                yield break;
            }

            yield return job;
        }
    }

    /// <summary>
    /// A stored lesson's operations and old versions' paid work are let go of. That is tidying: a failure here is a
    /// warning, never a stored lesson reported failed.
    /// </summary>
    private async Task ReleaseAsync(LessonJob job, CancellationToken cancellationToken)
    {
        try
        {
            await _redisOutage.WaitThroughAsync(() => footage.ReleaseAsync(job.Planned.Version, cancellationToken), $"releasing what {job.Lesson.Key} kept", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("{Lesson} is stored, but what it kept could not all be let go of: {Error}", job.Lesson.Key, ex.Message);
        }
    }

    private static async Task<bool> TrySendAsync(BufferBlock<LessonJob> buffer, LessonJob job, CancellationToken cancellationToken)
    {
        try
        {
            return await buffer.SendAsync(job, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private ExecutionDataflowBlockOptions BlockOptions(int parallelism) => new()
    {
        MaxDegreeOfParallelism = parallelism,
        BoundedCapacity = parallelism + _options.QueueCapacity,
        // A slow lesson must not hold back the ones behind it; order is restored in the report.
        EnsureOrdered = false,
    };
}

using System.Collections.Concurrent;
using VideoGen.Tests.Support;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Stages;

namespace VideoGen.Tests.Pipeline;

public sealed class LessonPipelineTests
{
    private readonly FakeStages _stages = new();
    private readonly ConcurrentBag<LessonJob> _finished = [];

    private LessonPipeline Create(PipelineOptions? options = null) =>
        _stages.CreatePipeline(options ?? new PipelineOptions { RetryBaseDelay = TimeSpan.Zero });

    private Task Collect(LessonJob job)
    {
        _finished.Add(job);
        return Task.CompletedTask;
    }

    private LessonJob FinishedJob(string id) => _finished.Single(j => j.Lesson.Id == id);

    [Fact]
    public async Task Never_more_renders_in_flight_than_configured()
    {
        _stages.OnRender = (_, ct) => Task.Delay(20, ct);
        var pipeline = Create(new PipelineOptions { RenderParallelism = 3, EnhanceParallelism = 4, NarrateParallelism = 4 });

        await pipeline.RunAsync(_stages.Claimed(30), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);

        Assert.Equal(3, _stages.MaxRendersInFlight);
        Assert.Equal(30, _finished.Count);
    }

    [Fact]
    public async Task Every_lesson_comes_out_exactly_once_and_only_stored_ones_are_marked_finished()
    {
        await Create().RunAsync(_stages.Claimed(50), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);

        Assert.Equal(50, _finished.Select(j => j.Lesson.Id).Distinct().Count());
        Assert.All(_finished, j => Assert.False(j.IsFailed));
        Assert.Equal(50, _stages.Finished.Count);
        Assert.All(_finished, j => Assert.Equal(["enhance", "narrate", "render", "store"], j.StageMilliseconds.Keys));
    }

    [Fact]
    public async Task A_failing_lesson_does_not_stop_the_others()
    {
        _stages.OnRender = (id, _) => id == "l3" ? throw StageException.Permanent("safety filter") : Task.CompletedTask;

        await Create().RunAsync(_stages.Claimed(10), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);

        Assert.Equal(10, _finished.Count);
        var failed = FinishedJob("l3");
        Assert.True(failed.IsFailed);
        Assert.Equal("render", failed.FailedStage);
        Assert.Contains("safety filter", failed.Error);
        Assert.Equal(1, failed.Attempts);
        Assert.DoesNotContain(failed.Lesson.Key, _stages.Finished.Keys);
        Assert.Equal(9, _stages.Finished.Count);
    }

    [Fact]
    public async Task An_unexpected_exception_fails_the_lesson_without_retrying()
    {
        _stages.OnRender = (id, _) => id == "l1" ? throw new InvalidOperationException("bug") : Task.CompletedTask;

        await Create().RunAsync(_stages.Claimed(3), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);

        var failed = FinishedJob("l1");
        Assert.Contains("InvalidOperationException: bug", failed.Error);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(2, _stages.Finished.Count);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_counted()
    {
        var calls = new ConcurrentDictionary<string, int>();
        _stages.OnRender = (id, _) =>
            id == "l2" && calls.AddOrUpdate(id, 1, (_, n) => n + 1) == 1 ? throw StageException.Transient("busy") : Task.CompletedTask;

        await Create().RunAsync(_stages.Claimed(4), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);

        var retried = FinishedJob("l2");
        Assert.False(retried.IsFailed);
        Assert.Equal(2, retried.Attempts);
        Assert.Equal(4, _stages.Finished.Count);
    }

    [Fact]
    public async Task A_failure_that_stays_transient_gives_up_after_the_configured_retries()
    {
        var calls = 0;
        _stages.OnRender = (id, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new TimeoutException("slow");
        };

        await Create(new PipelineOptions { MaxRetries = 3, RetryBaseDelay = TimeSpan.Zero }).RunAsync(_stages.Claimed(1), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);

        var job = Assert.Single(_finished);
        Assert.True(job.IsFailed);
        Assert.Equal(4, job.Attempts);
        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task Cancellation_stops_taking_lessons_and_drains_those_inside_without_marking_them()
    {
        using var cancellation = new CancellationTokenSource();
        var created = 0;
        var renders = 0;
        _stages.OnRender = async (_, ct) =>
        {
            // Every render hangs until cancelled; the run is stopped once all render slots are taken.
            if (Interlocked.Increment(ref renders) == 3)
            {
                await cancellation.CancelAsync();
            }

            await Task.Delay(Timeout.Infinite, ct);
        };

        var run = Create().RunAsync(_stages.Claimed(1000, () => Interlocked.Increment(ref created)), _stages.WorkFolders, Collect, cancellation.Token, cancellation.Token);
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // A lesson being sent when the run stopped never entered: it is not reported, but its claim is released. (When
        // the stop came while the graph had no room, no further lesson was claimed at all.)
        Assert.True(created < 100, $"{created} lessons were taken in");
        Assert.InRange(_finished.Count, created - 1, created);
        Assert.Equal(created, _stages.ReleasedClaims);
        Assert.All(_finished, j => Assert.Contains("stopped", j.Error));
        Assert.Empty(_stages.Finished);
    }

    [Fact]
    public async Task Stopping_takes_no_new_lessons_but_lets_those_in_flight_finish()
    {
        using var stopTaking = new CancellationTokenSource();
        var created = 0;
        var renders = 0;
        _stages.OnRender = async (_, _) =>
        {
            if (Interlocked.Increment(ref renders) == 1)
            {
                await stopTaking.CancelAsync();
            }

            await Task.Delay(50);
        };

        await Create().RunAsync(_stages.Claimed(1000, () => Interlocked.Increment(ref created)), _stages.WorkFolders, Collect, stopTaking.Token, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        // Every lesson whose render had begun when the run stopped is finished and stored; no other is.
        var made = _finished.Where(j => !j.IsFailed).ToList();
        Assert.True(created < 100, $"{created} lessons were taken in");
        Assert.InRange(_finished.Count, created - 1, created);
        Assert.Equal(created, _stages.ReleasedClaims);
        Assert.Equal(renders, made.Count);
        Assert.Equal(made.Count, _stages.Finished.Count);
        Assert.All(_finished.Where(j => j.IsFailed), j => Assert.Contains("the run was stopped before this lesson", j.Error));
    }

    [Fact]
    public async Task Footage_is_asked_for_as_soon_as_the_script_exists_and_made_while_the_lesson_is_narrated()
    {
        _stages.MaxWaitingLessons = 3;
        var askedBeforeNarration = new ConcurrentBag<bool>();
        _stages.OnNarrate = title =>
        {
            askedBeforeNarration.Add(_stages.FootageAsked.Contains(title));
            return Task.CompletedTask;
        };

        await Create().RunAsync(_stages.Claimed(8), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);

        Assert.Equal(8, askedBeforeNarration.Count);
        Assert.All(askedBeforeNarration, Assert.True);
        Assert.Equal(8, _stages.FootageAsked.Distinct().Count());
        // What was kept against a crash goes once the lesson is stored.
        Assert.Equal(8, _stages.FootageReleased.Count);
    }

    [Fact]
    public async Task A_lesson_waiting_for_its_footage_holds_no_composition_slot()
    {
        // One composition slot: if the first lesson held it while waiting for its clip, nobody else could render, and
        // its clip only comes once three others are rendered.
        _stages.MaxWaitingLessons = 4;
        var othersRendered = new CountdownEvent(3);
        var order = new ConcurrentQueue<string>();
        _stages.OnFootage = async (id, ct) =>
        {
            if (id == "l0")
            {
                await Task.Run(() => othersRendered.Wait(ct), ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
            }
        };
        _stages.OnRender = (id, _) =>
        {
            order.Enqueue(id);
            if (id != "l0")
            {
                othersRendered.Signal();
            }

            return Task.CompletedTask;
        };

        await Create(new PipelineOptions { RenderParallelism = 1, RetryBaseDelay = TimeSpan.Zero })
            .RunAsync(_stages.Claimed(4), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);

        Assert.All(_finished, j => Assert.False(j.IsFailed, j.Error));
        Assert.Equal("l0", order.Last());
        Assert.Equal(1, _stages.MaxRendersInFlight);
    }

    [Fact]
    public async Task Footage_that_failed_transiently_is_asked_for_again_when_render_is_retried()
    {
        _stages.MaxWaitingLessons = 2;
        var failures = 0;
        _stages.OnFootage = (id, _) => id == "l1" && Interlocked.Increment(ref failures) == 1
            ? throw StageException.Transient("Veo answered 503")
            : Task.CompletedTask;

        await Create().RunAsync(_stages.Claimed(3), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);

        var retried = FinishedJob("l1");
        Assert.False(retried.IsFailed, retried.Error);
        Assert.Equal(1, retried.Retries);
        Assert.Equal(2, _stages.FootageAsked.Count(id => id == "l1"));
    }

    [Fact]
    public async Task A_lesson_that_fails_before_render_keeps_its_claim_until_its_footage_is_made()
    {
        _stages.MaxWaitingLessons = 2;
        var clip = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stages.OnFootage = (_, ct) => clip.Task.WaitAsync(ct);
        _stages.OnNarrate = _ => throw StageException.Permanent("the narration was refused");

        var run = Create().RunAsync(_stages.Claimed(1), _stages.WorkFolders, Collect, CancellationToken.None, CancellationToken.None);
        await Wait.UntilAsync(() => !_finished.IsEmpty, TimeSpan.FromSeconds(10), "the failed lesson to be reported");

        // Reported failed at once, but the clip it asked for (perhaps paid) is let finish, and the lesson stays claimed.
        Assert.True(FinishedJob("l0").IsFailed);
        await Task.Delay(100);
        Assert.False(run.IsCompleted);
        Assert.Equal(0, _stages.ReleasedClaims);

        clip.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _stages.ReleasedClaims);
    }

    [Fact]
    public async Task Memory_stays_bounded_whatever_the_catalog_size()
    {
        var options = new PipelineOptions { QueueCapacity = 4, RetryBaseDelay = TimeSpan.Zero };
        _stages.OnRender = async (_, _) => await Task.Yield();
        var created = 0;
        var finished = 0;
        var maxOutstanding = 0;
        void Created()
        {
            var outstanding = Interlocked.Increment(ref created) - Volatile.Read(ref finished);
            if (outstanding > maxOutstanding)
            {
                maxOutstanding = outstanding;
            }
        }

        await Create(options).RunAsync(_stages.Claimed(5_000, Created), _stages.WorkFolders, _ =>
        {
            Interlocked.Increment(ref finished);
            return Task.CompletedTask;
        }, CancellationToken.None, CancellationToken.None);

        // Each block holds at most its parallelism plus its queue; the buffer holds a queue; one more is being sent.
        var bound = options.QueueCapacity + 1 +
            new[] { options.EnhanceParallelism, options.NarrateParallelism, options.RenderParallelism, options.StoreParallelism }
                .Sum(p => p + options.QueueCapacity);
        Assert.Equal(5_000, finished);
        Assert.InRange(maxOutstanding, 1, bound);
    }
}

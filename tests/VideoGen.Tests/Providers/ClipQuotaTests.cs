using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VideoGen.Tests.Support;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Providers.GoogleAI;

namespace VideoGen.Tests.Providers;

/// <summary>The Veo clip quota shared through a real Redis by several workers, each with its own connection.</summary>
public sealed class ClipQuotaTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _project = "quota-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    /// <summary>A worker's quota: its own Redis connection, as a separate process would have.</summary>
    private async Task<ClipQuota> WorkerAsync(int start, int ceiling, TimeSpan? lease = null, TimeSpan? poll = null)
    {
        var connection = await redis.ConnectAsync();
        var quota = new ClipQuota(
            connection,
            Options.Create(new GoogleAIOptions
            {
                ProjectId = _project,
                MaxRunningClips = start,
                MaxRunningClipsCeiling = ceiling,
                PollInterval = poll ?? TimeSpan.FromMinutes(10),
            }),
            Options.Create(new LedgerOptions { LeaseTime = lease ?? TimeSpan.FromMinutes(1) }),
            TimeProvider.System,
            NullLogger<ClipQuota>.Instance);
        _owned.Add(connection);
        _owned.Add(quota);
        return quota;
    }

    private static async Task<List<ClipQuota.Slot>> TakeAsync(ClipQuota quota, int count)
    {
        var slots = new List<ClipQuota.Slot>();
        for (var i = 0; i < count; i++)
        {
            slots.Add(await quota.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        }

        return slots;
    }

    [Fact]
    public async Task Starts_at_the_configured_limit_and_makes_the_next_caller_wait_for_a_release()
    {
        var quota = await WorkerAsync(start: 3, ceiling: 10);
        var slots = await TakeAsync(quota, 3);

        var fourth = quota.AcquireAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(fourth.IsCompleted);

        await slots[0].ReleaseAsync(SlotOutcome.Neutral);
        var slot = await fourth.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, slot.RunningAtStart);
        Assert.Equal(3, quota.Running);
    }

    [Fact]
    public async Task Workers_together_hold_no_more_than_the_limit_and_a_slot_freed_by_one_wakes_another_at_once()
    {
        var first = await WorkerAsync(start: 4, ceiling: 10);
        var second = await WorkerAsync(start: 4, ceiling: 10);
        var held = await TakeAsync(first, 3);
        held.Add(await second.AcquireAsync(CancellationToken.None));

        // Full across workers: the second worker waits although it holds only one slot itself. Its poll is ten
        // minutes, so only the announcement of a freed slot can wake it in time.
        var waiting = second.AcquireAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        await held[0].ReleaseAsync(SlotOutcome.Neutral);
        var slot = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, slot.RunningAtStart);
        Assert.Equal(2, first.Running);
        Assert.Equal(2, second.Running);
    }

    [Fact]
    public async Task A_refusal_met_by_one_worker_lowers_the_limit_for_all_and_successes_raise_it_for_all_up_to_the_ceiling()
    {
        var first = await WorkerAsync(start: 4, ceiling: 5);
        var second = await WorkerAsync(start: 4, ceiling: 5);
        var slots = await TakeAsync(first, 2);
        slots.AddRange(await TakeAsync(second, 2));

        // Veo refused the fourth start: the quota is three, whoever asked.
        await slots[3].ReleaseAsync(SlotOutcome.Rejected);
        foreach (var slot in slots.Take(3))
        {
            await slot.ReleaseAsync(SlotOutcome.Neutral);
        }

        Assert.Equal(3, second.Limit);
        await TakeAsync(first, 3);
        Assert.Equal(3, first.Limit);
        var beyond = second.AcquireAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.False(beyond.IsCompleted);
    }

    [Fact]
    public async Task A_refused_start_taken_early_in_a_burst_caps_the_limit_under_what_is_held_when_Veo_refuses_it()
    {
        var quota = await WorkerAsync(start: 4, ceiling: 10);
        var slots = await TakeAsync(quota, 4);

        // Taken when nothing else ran, refused when four were running: Veo's quota is three, not zero.
        Assert.Equal(1, slots[0].RunningAtStart);
        await slots[0].ReleaseAsync(SlotOutcome.Rejected);

        Assert.Equal(3, quota.Limit);
    }

    [Fact]
    public async Task Successes_counted_by_every_worker_raise_the_shared_limit_quickly_until_a_refusal_then_slowly_up_to_the_ceiling()
    {
        var first = await WorkerAsync(start: 2, ceiling: 5);
        var second = await WorkerAsync(start: 2, ceiling: 5);
        async Task SucceedAsync(ClipQuota quota, int times)
        {
            for (var i = 0; i < times; i++)
            {
                await (await quota.AcquireAsync(CancellationToken.None)).ReleaseAsync(SlotOutcome.Succeeded);
            }
        }

        // Before any refusal every success raises the limit, wherever it happens.
        await SucceedAsync(first, 1);
        Assert.Equal(3, first.Limit);
        await SucceedAsync(second, 1);
        Assert.Equal(4, second.Limit);

        // A refusal at 4 running: 3 is the quota, and from now on probing above it waits for ProbeEvery x limit successes.
        var slots = await TakeAsync(first, 4);
        await slots[3].ReleaseAsync(SlotOutcome.Rejected);
        foreach (var slot in slots.Take(3))
        {
            await slot.ReleaseAsync(SlotOutcome.Neutral);
        }

        Assert.Equal(3, first.Limit);
        await SucceedAsync(second, SharedSlots.ProbeEvery * 3 - 1);
        Assert.Equal(3, second.Limit);
        await SucceedAsync(first, 1);
        Assert.Equal(4, first.Limit);

        await SucceedAsync(first, SharedSlots.ProbeEvery * 20);
        Assert.Equal(5, first.Limit);
    }

    [Fact]
    public async Task The_slots_of_a_worker_that_died_free_themselves_when_their_lease_runs_out()
    {
        var dead = await WorkerAsync(start: 2, ceiling: 2, lease: TimeSpan.FromSeconds(1));
        await TakeAsync(dead, 2);
        await dead.DisposeAsync();

        var survivor = await WorkerAsync(start: 2, ceiling: 2, lease: TimeSpan.FromSeconds(1), poll: TimeSpan.FromMilliseconds(100));
        // The dead worker held the whole limit: a slot comes only from its leases running out (one after the other, as
        // each was last renewed at its own time), so the survivor may start while the second is still counted.
        var slot = await survivor.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(slot.RunningAtStart, 1, 2);
    }

    [Fact]
    public async Task Slots_in_use_are_renewed_and_outlive_their_first_lease()
    {
        // A lease of 3 s, renewed each second: a busy test machine may delay a renewal by a second without losing the slot.
        var busy = await WorkerAsync(start: 1, ceiling: 1, lease: TimeSpan.FromSeconds(3));
        var held = (await TakeAsync(busy, 1)).Single();
        var other = await WorkerAsync(start: 1, ceiling: 1, lease: TimeSpan.FromSeconds(3), poll: TimeSpan.FromMilliseconds(100));
        var waiting = other.AcquireAsync(CancellationToken.None);

        // The held slot's lease, where every worker sees it: when it runs out, by Redis's clock. Renewed, it moves later
        // (each third of the lease); seen to move past the first lease's end, the slot outlived it.
        await using var connection = await redis.ConnectAsync();
        var server = connection.GetServer(redis.ConnectionString);
        var slots = server.Keys(pattern: $"*{_project}*").Single(key => connection.GetDatabase().KeyType(key) == RedisType.SortedSet);
        var firstLeaseEnd = (await connection.GetDatabase().SortedSetScoreAsync(slots, held.Id))!.Value;
        var renewals = 0;
        var last = firstLeaseEnd;
        await Wait.UntilAsync(async () =>
        {
            var score = (await connection.GetDatabase().SortedSetScoreAsync(slots, held.Id))!.Value;
            renewals += score > last ? 1 : 0;
            last = score;
            return renewals >= 4 && score > firstLeaseEnd + 1000;
        }, TimeSpan.FromSeconds(20), "the held slot's lease renewed past its first end", pollMilliseconds: 50);

        Assert.False(waiting.IsCompleted, "another worker took the slot while it was held and renewed");
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_slot()
    {
        var quota = await WorkerAsync(start: 1, ceiling: 1);
        var held = await quota.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = quota.AcquireAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        await held.ReleaseAsync(SlotOutcome.Succeeded);
        await held.ReleaseAsync(SlotOutcome.Succeeded);
        var next = await quota.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, next.RunningAtStart);
        Assert.Equal(1, quota.Running);
    }

    [Fact]
    public async Task Without_Redis_a_clip_cannot_start_and_the_failure_is_transient()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RedisServer.FreePort()},abortConnect=false,connectTimeout=500");
        _owned.Add(connection);
        var quota = new ClipQuota(connection, Options.Create(new GoogleAIOptions { ProjectId = _project }),
            Options.Create(new LedgerOptions()), TimeProvider.System, NullLogger<ClipQuota>.Instance);
        _owned.Add(quota);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => quota.AcquireAsync(CancellationToken.None));
        Assert.True(VideoGen.Worker.Stages.TransientFailure.Is(failure), failure.GetType().Name);
    }
}

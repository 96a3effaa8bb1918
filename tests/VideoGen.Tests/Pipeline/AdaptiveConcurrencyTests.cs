using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Providers.Vertex;

namespace VideoGen.Tests.Pipeline;

public sealed class AdaptiveConcurrencyTests
{
    private static async Task<List<AdaptiveConcurrency.Slot>> AcquireAsync(AdaptiveConcurrency limit, int count)
    {
        var slots = new List<AdaptiveConcurrency.Slot>();
        for (var i = 0; i < count; i++)
        {
            slots.Add(await limit.AcquireAsync(CancellationToken.None));
        }

        return slots;
    }

    [Fact]
    public async Task Starts_at_the_ceiling_and_makes_the_next_caller_wait_for_a_release()
    {
        var limit = new AdaptiveConcurrency(3);
        var slots = await AcquireAsync(limit, 3);

        var fourth = limit.AcquireAsync(CancellationToken.None);
        Assert.False(fourth.IsCompleted);

        slots[0].Release(SlotOutcome.Neutral);
        var slot = await fourth.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, slot.RunningAtStart);
        Assert.Equal(3, limit.InFlight);
    }

    [Fact]
    public async Task A_refusal_brings_the_limit_just_under_what_was_running_and_the_others_of_the_same_overload_do_not_lower_it_further()
    {
        var limit = new AdaptiveConcurrency(16);
        var slots = await AcquireAsync(limit, 16);

        // A quota of 8: the 9th to 16th starts are refused, in any order. Only the first refusal of the
        // episode may lower the limit below what was running; the others only cap it.
        foreach (var refused in slots.Skip(8).Reverse())
        {
            refused.Release(SlotOutcome.Rejected);
        }

        Assert.Equal(8, limit.Limit);
        Assert.Equal(8, limit.InFlight);
    }

    [Fact]
    public async Task The_limit_never_goes_under_one()
    {
        var limit = new AdaptiveConcurrency(2);
        var slots = await AcquireAsync(limit, 2);

        slots[1].Release(SlotOutcome.Rejected);
        slots[0].Release(SlotOutcome.Rejected);

        Assert.Equal(1, limit.Limit);
        var slot = await limit.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, slot.RunningAtStart);
        Assert.False(limit.AcquireAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Successes_raise_the_limit_by_one_per_window_up_to_the_ceiling()
    {
        var limit = new AdaptiveConcurrency(4);
        var first = await AcquireAsync(limit, 4);
        first[3].Release(SlotOutcome.Rejected);
        first.Take(3).ToList().ForEach(slot => slot.Release(SlotOutcome.Neutral));
        Assert.Equal(3, limit.Limit);

        var window = AdaptiveConcurrency.ProbeEvery * 3;
        for (var i = 0; i < window - 1; i++)
        {
            (await limit.AcquireAsync(CancellationToken.None)).Release(SlotOutcome.Succeeded);
        }

        Assert.Equal(3, limit.Limit);
        (await limit.AcquireAsync(CancellationToken.None)).Release(SlotOutcome.Succeeded);
        Assert.Equal(4, limit.Limit);

        for (var i = 0; i < AdaptiveConcurrency.ProbeEvery * 10; i++)
        {
            (await limit.AcquireAsync(CancellationToken.None)).Release(SlotOutcome.Succeeded);
        }

        Assert.Equal(4, limit.Limit);
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_slot()
    {
        var limit = new AdaptiveConcurrency(1);
        var held = await limit.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limit.AcquireAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        held.Release(SlotOutcome.Succeeded);
        held.Release(SlotOutcome.Succeeded);
        Assert.Equal(0, limit.InFlight);
        var next = await limit.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, next.RunningAtStart);
    }
}

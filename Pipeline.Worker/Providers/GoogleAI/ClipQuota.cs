using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VideoGen.Worker.Ledger;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// How many Veo clips may run at once, shared by every worker on the same Redis: each running clip holds a slot in
/// <see cref="SharedSlots"/>, renewed while it runs, so a crashed worker's slots expire by themselves. The limit is
/// learned together: it starts at <c>GoogleAI:MaxRunningClips</c> and rises with each success until Veo refuses a start
/// (429); then it drops to just under what was running, and creeps up by one only after a long window of successes,
/// never above <c>GoogleAI:MaxRunningClipsCeiling</c>. Callers
/// of one worker wait in line; a freed slot anywhere wakes them at once.
/// </summary>
public sealed class ClipQuota : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly LinkedList<TaskCompletionSource<Slot>> _waiting = new();
    private readonly ConcurrentDictionary<string, Slot> _held = new();
    private readonly SharedSlots _slots;
    private readonly IConnectionMultiplexer _redis;
    private readonly GoogleAIOptions _options;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly ILogger<ClipQuota> _logger;
    private readonly ITimer _renewal;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _pump;
    private int _subscribed;
    private long _taken;
    private int _limit;

    public ClipQuota(IConnectionMultiplexer redis, IOptions<GoogleAIOptions> options, IOptions<LedgerOptions> ledger, TimeProvider time, ILogger<ClipQuota> logger)
    {
        _redis = redis;
        _options = options.Value;
        _lease = ledger.Value.LeaseTime;
        _time = time;
        _logger = logger;
        _limit = _options.MaxRunningClips;
        // Google's quota is per project, region and model: so is the shared one.
        _slots = new SharedSlots(redis, $"veo:{_options.ProjectId}:{_options.Location}:{_options.VideoModel}");
        _renewal = time.CreateTimer(_ => _ = RenewAsync(), null, _lease / 3, _lease / 3);
    }

    /// <summary>Raised with the shared limit whenever this worker sees it change.</summary>
    public event Action<int>? LimitChanged;

    /// <summary>The most clips this worker lets run at once, whatever the shared limit says.</summary>
    public int Ceiling => _options.MaxRunningClipsCeiling;

    /// <summary>The shared limit, as last seen.</summary>
    public int Limit => Volatile.Read(ref _limit);

    /// <summary>Slots this worker holds now.</summary>
    public int Running => _held.Count;

    /// <summary>Whether clips of this worker are waiting for room: then every moment a finished clip goes unnoticed is lost.</summary>
    public bool IsContended
    {
        get { lock (_gate) { return _waiting.Count > 0; } }
    }

    /// <summary>Waits for room under the shared limit. The slot must be given back with its outcome.</summary>
    public async Task<Slot> AcquireAsync(CancellationToken cancellationToken)
    {
        await SubscribeAsync();
        bool first;
        lock (_gate)
        {
            first = _waiting.Count == 0;
        }

        if (first && await TryTakeAsync() is { } slot)
        {
            return slot;
        }

        var waiter = new TaskCompletionSource<Slot>(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<TaskCompletionSource<Slot>> node;
        lock (_gate)
        {
            node = _waiting.AddLast(waiter);
            _pump ??= Task.Run(PumpAsync, CancellationToken.None);
        }

        await using var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _waiting.Remove(node);
                }
            }

            waiter.TrySetCanceled(cancellationToken);
        });
        return await waiter.Task;
    }

    /// <summary>Hands slots to this worker's waiters in order, as room appears, until none is waiting.</summary>
    private async Task PumpAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _pump = null;
                    return;
                }
            }

            // Taken before trying, so a slot freed while trying is not missed.
            var room = Volatile.Read(ref _room).Task;
            Slot? slot;
            try
            {
                slot = await TryTakeAsync();
            }
            catch (Exception ex)
            {
                // Redis unreachable (transient: the stage is retried), or the worker shutting down.
                FailWaiters(ex);
                continue;
            }

            if (slot is null)
            {
                // Woken by a slot given back here or by another worker; the poll only covers slots that expired.
                await Task.WhenAny(room, Task.Delay(_options.PollInterval, _time));
                continue;
            }

            TaskCompletionSource<Slot>? next = null;
            lock (_gate)
            {
                if (_waiting.First is { } first)
                {
                    next = first.Value;
                    _waiting.RemoveFirst();
                }
            }

            if (next is null || !next.TrySetResult(slot))
            {
                await slot.ReleaseAsync(SlotOutcome.Neutral);
            }
        }
    }

    private void FailWaiters(Exception ex)
    {
        List<TaskCompletionSource<Slot>> failed;
        lock (_gate)
        {
            failed = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var waiter in failed)
        {
            waiter.TrySetException(ex);
        }
    }

    private async Task<Slot?> TryTakeAsync()
    {
        var id = $"{_owner}:{Interlocked.Increment(ref _taken)}";
        var (taken, held, limit) = await _slots.TryTakeAsync(id, _lease, _options.MaxRunningClips, Ceiling);
        See(limit);
        if (!taken)
        {
            return null;
        }

        var slot = new Slot(this, id, held);
        _held[id] = slot;
        return slot;
    }

    private async Task GiveBackAsync(Slot slot, SlotOutcome outcome)
    {
        _held.TryRemove(slot.Id, out _);
        try
        {
            See(await _slots.GiveBackAsync(slot.Id, outcome, Ceiling));
        }
        catch (RedisException ex)
        {
            // No longer renewed, the slot frees itself when its lease runs out.
            _logger.LogWarning("Could not give back a Veo clip slot: {Error}", ex.Message);
        }

        AnnounceRoom();
    }

    private void AnnounceRoom() =>
        Interlocked.Exchange(ref _room, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void See(int limit)
    {
        if (Interlocked.Exchange(ref _limit, limit) != limit)
        {
            LimitChanged?.Invoke(limit);
        }
    }

    private async Task SubscribeAsync()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            try
            {
                await _redis.GetSubscriber().SubscribeAsync(_slots.Freed, (_, _) => AnnounceRoom());
            }
            catch (RedisException ex)
            {
                // Tried again with the next clip; until then, waiters find room by polling.
                Volatile.Write(ref _subscribed, 0);
                _logger.LogWarning("Could not subscribe to freed Veo clip slots: {Error}", ex.Message);
            }
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            await _slots.RenewAsync([.. _held.Keys], _lease);
        }
        catch (RedisException ex)
        {
            // The next renewal tries again; a slot lasts a whole lease time.
            _logger.LogWarning("Could not renew the Veo clip slots: {Error}", ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync();
        if (_subscribed == 1)
        {
            await _redis.GetSubscriber().UnsubscribeAsync(_slots.Freed);
        }
    }

    /// <summary>Room for one clip; <see cref="RunningAtStart"/> counts it and those every worker was running beside it.</summary>
    public sealed class Slot(ClipQuota owner, string id, int runningAtStart)
    {
        private int _released;

        public string Id { get; } = id;

        public int RunningAtStart { get; } = runningAtStart;

        /// <summary>Gives the slot back (once), telling the shared limit what happened; never throws.</summary>
        public Task ReleaseAsync(SlotOutcome outcome) =>
            Interlocked.Exchange(ref _released, 1) == 0 ? owner.GiveBackAsync(this, outcome) : Task.CompletedTask;
    }
}

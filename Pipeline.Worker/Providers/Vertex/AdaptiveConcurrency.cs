namespace VideoGen.Worker.Providers.Vertex;

/// <summary>
/// A concurrency limit that finds a provider's quota by itself: it starts at the ceiling, drops to just under the
/// number of operations that were running when the provider refused one (429), and creeps up by one after a
/// window of successes to probe whether the quota grew (additive increase; the decrease is to the observed level
/// rather than a fixed fraction, so it settles at the quota instead of oscillating far below it). The window grows with the limit, so probing costs about one
/// refusal per <see cref="ProbeEvery"/> times the limit in successful operations.
/// </summary>
public sealed class AdaptiveConcurrency
{
    /// <summary>Successes per unit of limit before the limit is raised by one.</summary>
    public const int ProbeEvery = 4;

    private readonly object _gate = new();
    private readonly LinkedList<TaskCompletionSource<Slot>> _waiting = new();
    private readonly int _ceiling;
    private int _limit;
    private int _inFlight;
    private int _successes;

    public AdaptiveConcurrency(int ceiling)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ceiling, 1);
        _ceiling = ceiling;
        _limit = ceiling;
    }

    /// <summary>Raised with the new limit whenever it changes.</summary>
    public event Action<int>? LimitChanged;

    public int Limit
    {
        get { lock (_gate) { return _limit; } }
    }

    public int InFlight
    {
        get { lock (_gate) { return _inFlight; } }
    }

    /// <summary>Waits for room under the current limit. The slot must be released with its outcome.</summary>
    public Task<Slot> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<Slot> waiter;
        LinkedListNode<TaskCompletionSource<Slot>> node;
        lock (_gate)
        {
            if (_inFlight < _limit && _waiting.Count == 0)
            {
                return Task.FromResult(TakeSlot());
            }

            waiter = new TaskCompletionSource<Slot>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    if (node.List is null)
                    {
                        return;
                    }

                    _waiting.Remove(node);
                }

                waiter.TrySetCanceled(cancellationToken);
            });
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return waiter.Task;
    }

    private Slot TakeSlot()
    {
        _inFlight++;
        return new Slot(this, _inFlight);
    }

    private void Release(Slot slot, SlotOutcome outcome)
    {
        int? changed = null;
        lock (_gate)
        {
            _inFlight--;
            switch (outcome)
            {
                case SlotOutcome.Succeeded when _limit < _ceiling && ++_successes >= ProbeEvery * _limit:
                    changed = SetLimit(_limit + 1);
                    break;
                case SlotOutcome.Rejected:
                    // The provider was full with fewer than RunningAtStart operations of ours. A refusal only caps the
                    // limit there, so the many refusals of one overload do not multiply into a collapse.
                    var capped = Math.Max(1, Math.Min(_limit, slot.RunningAtStart - 1));
                    if (capped != _limit)
                    {
                        changed = SetLimit(capped);
                    }

                    break;
            }

            while (_inFlight < _limit && _waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                if (!next.Value.TrySetResult(TakeSlot()))
                {
                    _inFlight--;
                }
            }
        }

        if (changed is { } limit)
        {
            LimitChanged?.Invoke(limit);
        }
    }

    private int SetLimit(int limit)
    {
        _limit = limit;
        _successes = 0;
        return limit;
    }

    /// <summary>Room for one operation; <see cref="RunningAtStart"/> counts it and those running beside it.</summary>
    public sealed class Slot(AdaptiveConcurrency owner, int runningAtStart)
    {
        private int _released;

        public int RunningAtStart { get; } = runningAtStart;

        public void Release(SlotOutcome outcome)
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(this, outcome);
            }
        }
    }
}

public enum SlotOutcome
{
    /// <summary>The operation ran to the end: evidence the limit is safe.</summary>
    Succeeded,

    /// <summary>The provider refused the operation for lack of quota.</summary>
    Rejected,

    /// <summary>Failed or abandoned for another reason: says nothing about the quota.</summary>
    Neutral,
}

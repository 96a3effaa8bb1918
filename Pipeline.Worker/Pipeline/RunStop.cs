namespace VideoGen.Worker.Pipeline;

/// <summary>
/// Ends a run early when one lesson's failure says every other would fail the same way (a refused API key, a model
/// that does not exist): no further lesson is taken, those in flight are abandoned, and the run reports the reason once
/// instead of failing lesson after lesson.
/// </summary>
public sealed class RunStop
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _stop = new();

    /// <summary>Why the current run was stopped, or null while it goes on.</summary>
    public string? Reason { get; private set; }

    /// <summary>What the lessons the stop left unstarted say, when the stop gives them a reason of their own.</summary>
    public string? NotStartedReason { get; private set; }

    /// <summary>The stop was the spending cap: the run ends with its own exit code.</summary>
    public bool AtBudget { get; private set; }

    public CancellationToken Token => _stop.Token;

    /// <summary>Readies the stop for a new run; runs in one process follow one another.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            if (Reason is not null)
            {
                _stop.Dispose();
                _stop = new CancellationTokenSource();
            }

            Reason = null;
            NotStartedReason = null;
            AtBudget = false;
        }
    }

    /// <summary>Stops the run at the spending cap: in-flight requests finish, no lesson starts after.</summary>
    public void StopAtBudget(string reason) => Stop(reason, $"not started: {reason}", atBudget: true);

    /// <summary>Stops the run; only the first reason is kept.</summary>
    public void Stop(string reason) => Stop(reason, null, atBudget: false);

    private void Stop(string reason, string? notStarted, bool atBudget)
    {
        CancellationTokenSource stop;
        lock (_lock)
        {
            if (Reason is not null)
            {
                return;
            }

            (Reason, NotStartedReason, AtBudget) = (reason, notStarted, atBudget);
            stop = _stop;
        }

        stop.Cancel();
    }
}

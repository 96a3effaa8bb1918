using System.Diagnostics;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// A lesson's footage being made beside the spine: asked for once its script exists, taken by render. Its own span,
/// <c>footage</c>, shows in a trace how it overlaps narration. A failure is handed to render once; a retry of render
/// asks the source again, which reuses whatever was already paid for.
/// </summary>
public sealed class PendingFootage
{
    private readonly Func<CancellationToken, Task<LessonFootage>> _make;
    private readonly CancellationToken _abandon;
    private Task<LessonFootage> _making;
    private bool _failureTaken;

    private PendingFootage(Func<CancellationToken, Task<LessonFootage>> make, CancellationToken abandon)
    {
        _make = make;
        _abandon = abandon;
        _making = make(abandon);
    }

    /// <summary>Starts making the footage of the job's lesson, under the job's span; <paramref name="abandon"/> stops it.</summary>
    public static PendingFootage Start(IFootageSource source, LessonJob job, CancellationToken abandon)
    {
        var lesson = job.Planned.Version;
        var script = job.Script!;
        if (source.MaxWaitingLessons == 0)
        {
            // A source that makes no footage leaves no trace either.
            return new PendingFootage(ct => source.MakeAsync(lesson, script, ct), abandon);
        }

        return new PendingFootage(async ct =>
        {
            using var activity = PipelineTelemetry.Source.StartActivity("footage", ActivityKind.Internal, job.Activity?.Context ?? default);
            try
            {
                return await source.MakeAsync(lesson, script, ct);
            }
            catch (Exception ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                throw;
            }
        }, abandon);
    }

    /// <summary>Whether the footage is made, or has failed.</summary>
    public bool IsSettled => _making.IsCompleted;

    /// <summary>Completes when the footage is made or has failed; never throws.</summary>
    public Task Settled => _making.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The footage, once made. Throws its failure the first time; asked again after that, makes it again.</summary>
    public async Task<LessonFootage> TakeAsync(CancellationToken cancellationToken)
    {
        if (_failureTaken)
        {
            _failureTaken = false;
            _making = _make(_abandon);
        }

        try
        {
            return await _making.WaitAsync(cancellationToken);
        }
        catch when (_making.IsFaulted || _making.IsCanceled)
        {
            _failureTaken = true;
            throw;
        }
    }
}

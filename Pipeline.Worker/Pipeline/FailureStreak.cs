using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// Counts the lessons in a row that failed transiently, after their retries, in whatever stage; a lesson made starts
/// the count again. When the count reaches <c>Pipeline:StopAfterFailuresInARow</c> the run is stopped with one error
/// naming the last failure, instead of every lesson waiting out the same timeouts or meeting the same full disk.
/// </summary>
public sealed class FailureStreak(RunStop runStop, IOptions<PipelineOptions> options)
{
    private int _inARow;

    /// <summary>Readies the count for a new run.</summary>
    public void Reset() => Interlocked.Exchange(ref _inARow, 0);

    public void LessonMade() => Interlocked.Exchange(ref _inARow, 0);

    public void FailedTransiently(string stage, string error)
    {
        var limit = options.Value.StopAfterFailuresInARow;
        var count = Interlocked.Increment(ref _inARow);
        if (limit > 0 && count >= limit)
        {
            runStop.Stop($"{count} lessons in a row failed, each after its retries (the last in {stage}: {error}); the run stops rather than " +
                         "meet the same failure in every lesson. What was made is kept: mend the cause and run again.");
        }
    }
}

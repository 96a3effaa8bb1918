using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>Remembers which lessons are finished, and from what (their fingerprint), across runs.</summary>
public interface ILessonLedger
{
    /// <summary>Fails with a clear message when the ledger cannot be reached, or cannot be trusted to keep what it is told.</summary>
    Task EnsureReachableAsync(CancellationToken cancellationToken);

    /// <summary>The fingerprints of those of <paramref name="lessons"/> that are finished, read in bulk.</summary>
    Task<IReadOnlyDictionary<LessonKey, string>> ReadFinishedAsync(IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken);

    /// <summary>Marks the lesson finished and forgets any failure recorded for it.</summary>
    Task MarkFinishedAsync(LessonKey lesson, string fingerprint, CancellationToken cancellationToken);

    /// <summary>Marks many lessons finished at once (found in the store after Redis lost them), forgetting their failures.</summary>
    Task RestoreFinishedAsync(IReadOnlyDictionary<LessonKey, string> fingerprints, CancellationToken cancellationToken);

    /// <summary>The failures recorded for those of <paramref name="lessons"/> that failed in an earlier run, read in bulk.</summary>
    Task<IReadOnlyDictionary<LessonKey, LessonFailure>> ReadFailuresAsync(IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken);

    Task RecordFailureAsync(LessonKey lesson, LessonFailure failure, CancellationToken cancellationToken);
}

/// <summary>Why a lesson failed, kept until it is made: permanent failures (invalid input, safety filter,
/// refused requests) are not tried again unless asked; transient ones are tried by the next run.</summary>
public sealed record LessonFailure(string Reason, string? Stage, int Attempts, bool Permanent, string Fingerprint, DateTimeOffset At);

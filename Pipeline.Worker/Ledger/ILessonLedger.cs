using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>Remembers which lessons are finished, and from what (their fingerprint), across runs.</summary>
public interface ILessonLedger
{
    /// <summary>Fails with a clear message when the ledger cannot be reached.</summary>
    Task EnsureReachableAsync(CancellationToken cancellationToken);

    /// <summary>The fingerprints of those of <paramref name="lessons"/> that are finished, read in bulk.</summary>
    Task<IReadOnlyDictionary<LessonKey, string>> ReadFinishedAsync(IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken);

    Task MarkFinishedAsync(LessonKey lesson, string fingerprint, CancellationToken cancellationToken);
}

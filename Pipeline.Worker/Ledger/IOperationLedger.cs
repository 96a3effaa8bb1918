using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// A paid generation that was started: what to poll, and where, to get its result. A submission whose answer was
/// lost is <see cref="Lost"/>: it has no name to poll, may have been paid, and is kept so that it is not sent again.
/// </summary>
public sealed record PendingOperation(
    string Name, string Model, string Location, DateTimeOffset StartedAt, bool Lost = false, string? Prompt = null, string? Reason = null);

/// <summary>
/// Remembers started generations per lesson and clip, so a restarted worker polls them instead of paying again.
/// A lesson's operations are forgotten once the lesson is stored, but for those whose answer was lost.
/// </summary>
public interface IOperationLedger
{
    /// <param name="clip">Which of the lesson's generations: its version and scene, as the caller names them.</param>
    Task<PendingOperation?> FindAsync(LessonKey lesson, string clip, CancellationToken cancellationToken);

    Task SaveAsync(LessonKey lesson, string clip, PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets one generation's operation, or with none named all of the lesson's but those whose answer was lost:
    /// they stay, so that neither a stored lesson nor a retry sends them again unasked.
    /// </summary>
    Task ForgetAsync(LessonKey lesson, string? clip, CancellationToken cancellationToken);

    /// <summary>The submissions of these lessons whose answers were lost, in bulk.</summary>
    Task<int> CountLostAsync(IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken);
}

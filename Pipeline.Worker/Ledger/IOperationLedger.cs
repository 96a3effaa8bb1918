using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// A paid generation that was started: what to poll, and where, to get its result. A submission whose answer was
/// lost is <see cref="Lost"/>: it has no name to poll, may have been paid, and is kept so that it is not sent again.
/// </summary>
public sealed record PendingOperation(
    string Name, string Model, string Location, DateTimeOffset StartedAt, bool Lost = false, string? Prompt = null, string? Reason = null);

/// <summary>
/// Remembers started generations per lesson and scene, so a restarted worker polls them instead of paying again.
/// A lesson's operations are forgotten once the lesson is stored.
/// </summary>
public interface IOperationLedger
{
    Task<PendingOperation?> FindAsync(LessonKey lesson, int scene, CancellationToken cancellationToken);

    Task SaveAsync(LessonKey lesson, int scene, PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets one scene's operation, or with no scene all of the lesson's but those whose answer was lost: they stay
    /// until <see cref="ForgetLostAsync"/>, so that neither a stored lesson nor a retry sends them again unasked.
    /// </summary>
    Task ForgetAsync(LessonKey lesson, int? scene, CancellationToken cancellationToken);

    /// <summary>The submissions of these lessons whose answers were lost, in bulk.</summary>
    Task<int> CountLostAsync(IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken);
}

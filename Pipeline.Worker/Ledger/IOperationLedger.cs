using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>A paid generation that was started: what to poll, and where, to get its result.</summary>
public sealed record PendingOperation(string Name, string Model, string Location, DateTimeOffset StartedAt);

/// <summary>
/// Remembers started generations per lesson and scene, so a restarted worker polls them instead of paying again.
/// A lesson's operations are forgotten once the lesson is stored.
/// </summary>
public interface IOperationLedger
{
    Task<PendingOperation?> FindAsync(LessonKey lesson, int scene, CancellationToken cancellationToken);

    Task SaveAsync(LessonKey lesson, int scene, PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>Forgets one scene's operation, or with no scene all of the lesson's.</summary>
    Task ForgetAsync(LessonKey lesson, int? scene, CancellationToken cancellationToken);
}

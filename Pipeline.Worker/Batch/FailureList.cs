using VideoGen.Worker.Catalog;
using VideoGen.Worker.Ledger;

namespace VideoGen.Worker.Batch;

/// <summary><c>--list-failed</c>: the catalog's invalid lessons and those that failed in earlier runs, with their reasons.</summary>
public sealed class FailureList(ILessonLedger ledger)
{
    public async Task PrintAsync(string catalog, IReadOnlyList<Lesson> lessons, CancellationToken cancellationToken)
    {
        var failures = await ledger.ReadFailuresAsync(lessons.Where(l => l.IsValid).Select(l => l.Key).ToList(), cancellationToken);
        foreach (var lesson in lessons.Where(l => !l.IsValid))
        {
            Console.Out.WriteLine($"{lesson.Key}\tinvalid\t{lesson.Location}\t{lesson.Problem}");
        }

        foreach (var (key, failure) in failures.OrderBy(f => f.Key.ToString(), StringComparer.Ordinal))
        {
            Console.Out.WriteLine(
                $"{key}\t{(failure.Permanent ? "permanent" : "transient")}\t{failure.Attempts} attempts\t{failure.At:u}\t{failure.Reason}");
        }

        Console.Out.WriteLine($"{failures.Count + lessons.Count(l => !l.IsValid)} failed lessons in {catalog}");
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Batch;

/// <summary>
/// Claims the planned lessons for this worker, so that several workers on one catalog make each lesson once.
/// Lessons another worker holds are looked at again until that worker has made them (they then count as skipped)
/// or its claim has expired (this worker then makes them). When the catalog is shared, a lesson another worker
/// settled is left out: it has its outcome already.
/// </summary>
public sealed class LessonClaims(
    LessonLeases leases,
    ILessonLedger ledger,
    SkipPlanner planner,
    IOptions<LedgerOptions> options,
    TimeProvider time,
    ILogger<LessonClaims> logger)
{
    public async IAsyncEnumerable<ClaimedLesson> ClaimAsync(
        IReadOnlyList<PlannedLesson> toMake, RunResults results, [EnumeratorCancellation] CancellationToken stopTaking)
    {
        var held = new List<PlannedLesson>();
        var settled = await SettledElsewhereAsync(results, toMake);
        foreach (var planned in toMake.Where(p => !settled.Contains(p.CatalogIndex)))
        {
            if (await TryClaimAsync(planned, results) is { } claimed)
            {
                yield return claimed;
            }
            else if (!results.Has(planned.CatalogIndex))
            {
                held.Add(planned);
            }
        }

        while (held.Count > 0 && !stopTaking.IsCancellationRequested)
        {
            logger.LogInformation("{Count} lessons are being made by other workers; looking again shortly", held.Count);
            try
            {
                await Task.Delay(options.Value.LeaseTime / 4, time, stopTaking);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            settled = await SettledElsewhereAsync(results, held);
            var finished = await ReadFinishedOrNoneAsync(held);
            var stillHeld = new List<PlannedLesson>();
            foreach (var planned in held.Where(p => !settled.Contains(p.CatalogIndex)))
            {
                if (await planner.MadeVideoAsync(planned, finished, CancellationToken.None) is { } video)
                {
                    results.Skipped(planned, video);
                }
                else if (await TryClaimAsync(planned, results) is { } claimed)
                {
                    yield return claimed;
                }
                else if (!results.Has(planned.CatalogIndex))
                {
                    stillHeld.Add(planned);
                }
            }

            held = stillHeld;
        }
    }

    /// <summary>
    /// A claim, or null when another worker holds the lesson or Redis cannot say right now. A claim on a lesson another
    /// worker settled or made a moment ago (and let go of) is given back: the lesson counts as settled, or skipped.
    /// </summary>
    private async Task<ClaimedLesson?> TryClaimAsync(PlannedLesson planned, RunResults results)
    {
        LessonLeases.Lease? lease;
        try
        {
            lease = await leases.TryAcquireAsync(planned.Lesson.Key);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            logger.LogWarning("Could not claim {Lesson} ({Error}); trying again later", planned.Lesson.Key, ex.Message);
            return null;
        }

        if (lease is null)
        {
            return null;
        }

        try
        {
            if ((await results.SettledElsewhereAsync([planned.CatalogIndex])).Count > 0)
            {
                await lease.DisposeAsync();
                return null;
            }

            // Made by another worker since it was planned, and let go of a moment ago: skipped, not made twice.
            if (await planner.MadeSincePlannedAsync(planned, CancellationToken.None) is { } video)
            {
                await lease.DisposeAsync();
                results.Skipped(planned, video);
                return null;
            }
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            // Held, it would be renewed for ever with nobody working on it: let go, and look again later.
            await lease.DisposeAsync();
            logger.LogWarning("Could not check {Lesson} after claiming it ({Error}); trying again later", planned.Lesson.Key, ex.Message);
            return null;
        }

        return new ClaimedLesson(planned, lease);
    }

    private static async Task<HashSet<int>> SettledElsewhereAsync(RunResults results, IEnumerable<PlannedLesson> lessons)
    {
        try
        {
            return await results.SettledElsewhereAsync(lessons.Select(l => l.CatalogIndex));
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            return [];
        }
    }

    private async Task<IReadOnlyDictionary<LessonKey, string>> ReadFinishedOrNoneAsync(List<PlannedLesson> lessons)
    {
        try
        {
            return await ledger.ReadFinishedAsync(lessons.Select(l => l.Lesson.Key).ToList(), CancellationToken.None);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            return new Dictionary<LessonKey, string>();
        }
    }
}

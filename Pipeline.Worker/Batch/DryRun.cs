using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Batch;

/// <summary><c>--dry-run</c>: says what a run would make and what it would cost, and generates nothing.</summary>
public sealed class DryRun(
    ICostModel costs, IOperationLedger operations, SpendBudget budget, IOptions<WorkerOptions> options, IOptions<LocalProviderOptions> script)
{
    public async Task PrintAsync(int lessons, int skipped, int invalid, IReadOnlyList<PlannedLesson> toMake, CancellationToken cancellationToken)
    {
        var estimate = costs.Estimate(toMake.Select(p => p.Lesson).ToList());
        var lost = await operations.CountLostAsync(toMake.Select(p => p.Lesson.Key).ToList(), cancellationToken);
        var lostClips = lost == 0 ? "" : options.Value.ResubmitUnknown
            ? $" {lost} of those clips were requested before and their answers lost: they would be requested again and may be paid twice."
            : $" {lost} clips were requested before and their answers lost: they are not requested again (--resubmit-unknown would).";
        var review = estimate.ReviewTokens == 0 ? "" :
            $", of which ${estimate.ReviewDollars.ToString("0.00", CultureInfo.InvariantCulture)} for about " +
            $"{estimate.ReviewTokens.ToString("N0", CultureInfo.InvariantCulture)} Gemini tokens to review the videos";
        // Every scene is one shot; how many scenes a script has is known only once it is written, at most what its length allows.
        var length = new VideoLength(options.Value.Length);
        var shots = options.Value.Camera == WorkerOptions.CameraNeoVerse
            ? $" and up to {toMake.Sum(p => length.MaxScenes(MarkdownLessonReader.Read(p.Lesson.Text).WordCount, script.Value.WordsPerMinute, script.Value.WordsPerScene, script.Value.MaxScenes))} NeoVerse shots (one a scene)"
            : "";
        var images = estimate.Images == 0 ? "" : $", up to {estimate.Images} illustrations (${Usd(estimate.ImageDollars)})";
        var cost = estimate.IsKnown
            ? $"estimated cost ${Usd(estimate.Dollars)}{review}"
            : $"estimated cost unknown: no price for {string.Join(", ", estimate.Unpriced!)}";
        Console.Out.WriteLine(
            $"Dry run with the {options.Value.Provider} provider: {lessons} lessons in the catalog, {skipped} already made, {invalid} invalid. " +
            $"Would make {estimate.Lessons} lessons with {estimate.Clips} Veo clips ({estimate.VideoSeconds} s of generated video){images}{shots}, " +
            $"about {estimate.NarrationMinutes.ToString("0.0", CultureInfo.InvariantCulture)} minutes of narration at length {options.Value.Length}, " +
            $"{cost}.{lostClips} Nothing was generated.");
        if (estimate.Alternatives is { Count: > 0 } alternatives)
        {
            Console.Out.WriteLine("The same lessons with each Veo tier: " + string.Join("; ", alternatives.Select(a =>
                $"{a.Choice} ({a.Model}) {(a.Dollars is { } d ? $"${Usd(d)}" : "price unknown")}{(a.Chosen ? " (chosen)" : "")}")) + ".");
        }

        if (budget.Cap is { } cap)
        {
            Console.Out.WriteLine(await FitAsync(toMake, cap));
        }
    }

    /// <summary>How many of the lessons, in catalog order, fit under the cap with what was spent already.</summary>
    private async Task<string> FitAsync(IReadOnlyList<PlannedLesson> toMake, decimal cap)
    {
        var spent = await budget.SpentAsync();
        var (fit, total) = (0, 0m);
        foreach (var planned in toMake)
        {
            var each = costs.Estimate([planned.Lesson]);
            if (!each.IsKnown)
            {
                return $"Under the budget of ${Usd(cap)}: unknown, as a price is unknown.";
            }

            if (spent + total + each.Dollars > cap)
            {
                break;
            }

            (fit, total) = (fit + 1, total + each.Dollars);
        }

        return $"Under the budget of ${Usd(cap)} (${Usd(spent)} spent so far), {fit} of the {toMake.Count} lessons fit (estimated ${Usd(total)}).";
    }

    private static string Usd(decimal dollars) => dollars.ToString("0.00", CultureInfo.InvariantCulture);
}

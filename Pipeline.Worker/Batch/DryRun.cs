using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Batch;

/// <summary><c>--dry-run</c>: says what a run would make and what it would cost, and generates nothing.</summary>
public sealed class DryRun(ICostModel costs, IOptions<WorkerOptions> options)
{
    public void Print(int lessons, int skipped, int invalid, int toMake)
    {
        var estimate = costs.Estimate(toMake);
        Console.Out.WriteLine(
            $"Dry run with the {options.Value.Provider} provider: {lessons} lessons in the catalog, {skipped} already made, {invalid} invalid. " +
            $"Would make {estimate.Lessons} lessons with {estimate.Clips} Veo clips ({estimate.VideoSeconds} s of generated video), " +
            $"estimated cost ${estimate.Dollars.ToString("0.00", CultureInfo.InvariantCulture)}. Nothing was generated.");
    }
}

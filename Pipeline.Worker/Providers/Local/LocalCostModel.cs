using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Local;

/// <summary>The offline provider pays for nothing; the narration's length is still worth knowing.</summary>
public sealed class LocalCostModel(IOptions<WorkerOptions> worker) : ICostModel
{
    public CostEstimate Estimate(IReadOnlyList<Lesson> lessons)
    {
        var length = new VideoLength(worker.Value.Length);
        return new(lessons.Count, 0, 0, 0m, NarrationMinutes: lessons.Sum(l => length.MinutesFor(l.Text)));
    }
}

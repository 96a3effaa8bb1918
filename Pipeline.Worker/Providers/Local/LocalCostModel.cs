using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Local;

/// <summary>The offline provider pays for nothing.</summary>
public sealed class LocalCostModel : ICostModel
{
    public CostEstimate Estimate(int lessons) => new(lessons, 0, 0, 0m);
}

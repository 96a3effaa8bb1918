namespace VideoGen.Worker.Stages;

/// <summary>What making some lessons would generate and cost, before anything is paid for.</summary>
public sealed record CostEstimate(int Lessons, int Clips, int VideoSeconds, decimal Dollars);

/// <summary>The dry run's estimate of what a provider would generate and charge for a number of lessons.</summary>
public interface ICostModel
{
    CostEstimate Estimate(int lessons);
}

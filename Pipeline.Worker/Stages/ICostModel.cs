using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Stages;

/// <summary>What making some lessons would generate and cost, before anything is paid for.</summary>
/// <param name="ReviewTokens">The Gemini tokens reviewing their videos would use (watching them, and writing quizzes).</param>
/// <param name="Dollars">Everything, review included.</param>
/// <param name="NarrationMinutes">How long the narration of all the lessons is expected to be, at their length setting.</param>
public sealed record CostEstimate(int Lessons, int Clips, int VideoSeconds, decimal Dollars, long ReviewTokens = 0, decimal ReviewDollars = 0, double NarrationMinutes = 0);

/// <summary>The dry run's estimate of what a provider would generate and charge for a number of lessons.</summary>
public interface ICostModel
{
    CostEstimate Estimate(IReadOnlyList<Lesson> lessons);
}

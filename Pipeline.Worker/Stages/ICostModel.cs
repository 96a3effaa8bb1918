using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Stages;

/// <summary>What making some lessons would generate and cost, before anything is paid for.</summary>
/// <param name="ReviewTokens">The Gemini tokens reviewing their videos would use (watching them, and writing quizzes).</param>
/// <param name="Dollars">Everything, review included.</param>
/// <param name="NarrationMinutes">How long the narration of all the lessons is expected to be, at their length setting.</param>
/// <param name="Unpriced">Models the run would pay for that have no price: then <paramref name="Dollars"/> leaves them out and is no estimate.</param>
/// <param name="Images">Illustrations at most (a scene each, before the scripts say which scenes show a figure of their own).</param>
/// <param name="ImageDollars">What those would cost, within <paramref name="Dollars"/>.</param>
/// <param name="Alternatives">The same lessons with other choices that change the price (Veo's tiers), for comparison.</param>
public sealed record CostEstimate(
    int Lessons,
    int Clips,
    int VideoSeconds,
    decimal Dollars,
    long ReviewTokens = 0,
    decimal ReviewDollars = 0,
    double NarrationMinutes = 0,
    IReadOnlyList<string>? Unpriced = null,
    IReadOnlyList<CostAlternative>? Alternatives = null,
    int Images = 0,
    decimal ImageDollars = 0)
{
    public bool IsKnown => Unpriced is not { Count: > 0 };
}

/// <summary>What the same lessons would cost with another choice, such as another Veo tier.</summary>
public sealed record CostAlternative(string Choice, string Model, decimal? Dollars, bool Chosen);

/// <summary>The dry run's estimate of what a provider would generate and charge for a number of lessons.</summary>
public interface ICostModel
{
    CostEstimate Estimate(IReadOnlyList<Lesson> lessons);
}

using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// A lesson's size in Gemini's tokens, estimated high so that a lesson is never cut without saying so: about four
/// characters a token in alphabetic scripts, one in scripts written without spaces (where a token is often a character).
/// </summary>
public static class LessonTokens
{
    public static long Estimate(string text)
    {
        long dense = text.Count(Sentences.IsWrittenWithoutSpaces);
        return dense + (text.Length - dense + 3) / 4;
    }

    /// <summary>Refuses, for good, a lesson longer than the model is sent.</summary>
    public static void EnsureFits(Lesson lesson, int maxTokens, string model)
    {
        var tokens = Estimate(lesson.Title) + Estimate(lesson.Text);
        if (tokens > maxTokens)
        {
            throw StageException.Permanent(
                $"the lesson is about {tokens:N0} tokens ({lesson.Text.Length:N0} characters), more than the {maxTokens:N0} that {model} is sent " +
                "(GoogleAI:MaxLessonTokens); split the lesson in two");
        }
    }
}

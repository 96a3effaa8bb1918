using System.Text.Json;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Review;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>What a lesson teaches, in one sentence, and questions on it with the index of each right option.</summary>
public sealed record Quiz(string Summary, IReadOnlyList<QuizQuestion> Questions);

public sealed record QuizQuestion(string Question, IReadOnlyList<string> Options, int Answer);

/// <summary>
/// Writes a short multiple-choice quiz from the lesson text with Gemini, for the review to answer from the video alone
/// (after Code2Video's TeachQuiz). The quiz is kept in the lesson's work folder, so a remade video is judged by the same
/// questions and they are paid for once.
/// </summary>
public sealed class GeminiQuiz(GenAIClient client, IOptions<GoogleAIOptions> vertex, IOptions<ReviewOptions> options)
{
    private const string FileName = "quiz.json";
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"OBJECT","required":["summary","questions"],"properties":{
          "summary":{"type":"STRING","description":"One sentence: what the lesson teaches."},
          "questions":{"type":"ARRAY","items":{"type":"OBJECT","required":["question","options","answer"],"properties":{
            "question":{"type":"STRING"},
            "options":{"type":"ARRAY","items":{"type":"STRING"},"minItems":3,"maxItems":5},
            "answer":{"type":"INTEGER","description":"The index, from 0, of the one right option."}}}}}}
        """).RootElement.Clone();

    /// <summary>The lesson's quiz, written once per lesson and work folder; the tokens any call used go to <paramref name="usage"/>.</summary>
    public async Task<Quiz> ForAsync(Lesson lesson, string workFolder, GeminiUsage usage, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workFolder, FileName);
        if (File.Exists(path) && Read(await File.ReadAllTextAsync(path, cancellationToken)) is { } kept)
        {
            return kept;
        }

        var count = options.Value.QuizQuestions;
        var language = Languages.Resolve(lesson.Language, $"{lesson.Title}\n{lesson.Text}");
        var name = Languages.EnglishName(language.Tag);
        var instruction =
            $"You write a quiz that checks whether a short video taught a lesson. Write {count} multiple-choice questions, in {name}, " +
            "on the main things the lesson teaches, each with 4 options and exactly one right answer. Someone who watched a good " +
            "video of the lesson must be able to answer them; do not ask about exact wording, numbers of paragraphs or the course. " +
            $"Also write one sentence, in {name}, that says what the lesson teaches.";
        LessonTokens.EnsureFits(lesson, vertex.Value.MaxLessonTokens, vertex.Value.TextModel);
        var text = lesson.Text;
        var request = new GenerateContentRequest(
            [new Content("user", [new Part($"Lesson title: {lesson.Title}\n\nLesson text:\n{text}")])],
            new Content(null, [new Part(instruction)]),
            new GenerationConfig(MaxOutputTokens: 4096, ResponseMimeType: "application/json", ResponseSchema: Schema, ThinkingConfig: new ThinkingConfig("low")));

        for (var attempt = 1; ; attempt++)
        {
            var response = await client.GenerateContentAsync(vertex.Value.TextModel, vertex.Value.TextLocation, request, SpendPurpose.Review, cancellationToken);
            usage.Add(vertex.Value.TextModel, response);
            if (Read(GeminiAnswers.Text(response, "the quiz")) is { } quiz)
            {
                quiz = quiz with { Questions = [.. quiz.Questions.Take(count)] };
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(quiz, GoogleAIJson.Options), cancellationToken);
                return quiz;
            }

            if (attempt == 2)
            {
                throw StageException.Transient("Gemini answered a quiz without a usable question twice", reason: "malformed");
            }
        }
    }

    /// <summary>The quiz in an answer, keeping only questions with options and a right answer among them; null if none is left.</summary>
    private static Quiz? Read(string json)
    {
        try
        {
            var quiz = JsonSerializer.Deserialize<Quiz>(json, GoogleAIJson.Options);
            var questions = (quiz?.Questions ?? [])
                .Where(q => q is { Question.Length: > 0, Options.Count: >= 2 } && q.Answer >= 0 && q.Answer < q.Options.Count)
                .ToList();
            return questions.Count == 0 ? null : new Quiz(quiz!.Summary ?? "", questions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

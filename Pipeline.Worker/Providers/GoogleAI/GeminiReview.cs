using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Review;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// <c>--review gemini</c>: the automatic checks, then Gemini watches the finished video, judges it against what its
/// lesson is meant to teach (garbled generated text, a picture that does not fit the narration), names the scene of
/// each problem so that scene can be made again, and answers a quiz written from the lesson text with the video alone;
/// the score is the fraction answered right. The video goes inline, or by its <c>gs://</c> URI when
/// <c>Vertex:OutputStorageUri</c> is set. A review Gemini cannot give is itself a finding: the video is flagged, never
/// passed unseen.
/// </summary>
public sealed class GeminiReview(
    AutomaticReview checks,
    GeminiQuiz quizzes,
    GenAIClient client,
    CloudStorageClient storage,
    IOptions<GoogleAIOptions> vertex,
    IOptions<ReviewOptions> options,
    ILogger<GeminiReview> logger) : IVideoReviewer
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"OBJECT","required":["teachesTheLesson","garbledText","pictureMatchesNarration","problems","answers"],"properties":{
          "teachesTheLesson":{"type":"BOOLEAN","description":"Whether the video teaches what the lesson is meant to teach."},
          "garbledText":{"type":"BOOLEAN","description":"Whether any text in the picture is garbled, misspelt or made-up lettering."},
          "pictureMatchesNarration":{"type":"BOOLEAN","description":"Whether what is shown fits what is said, throughout."},
          "problems":{"type":"ARRAY","items":{"type":"OBJECT","required":["scene","problem"],"properties":{
            "scene":{"type":"INTEGER","description":"The scene the problem is in; 0 is the title card."},
            "problem":{"type":"STRING","description":"One short sentence a person understands."}}}},
          "answers":{"type":"ARRAY","items":{"type":"INTEGER"},"description":"For each question in order, the index from 0 of the option chosen."}}}
        """).RootElement.Clone();

    private readonly GoogleAIOptions _vertex = vertex.Value;
    private readonly ReviewOptions _options = options.Value;

    public async Task<VideoReview> ReviewAsync(
        Lesson lesson, LessonScript script, Narration narration, LessonFootage footage, RenderedVideo video, CancellationToken cancellationToken)
    {
        var found = await checks.ReviewAsync(lesson, script, narration, footage, video, cancellationToken);
        var usage = new GeminiUsage(client);
        var scenes = new SceneMap(narration, footage);
        try
        {
            var quiz = await quizzes.ForAsync(lesson, Path.GetDirectoryName(video.VideoPath)!, usage, cancellationToken);
            var request = new GenerateContentRequest(
                [new Content("user", [await VideoPartAsync(lesson, video.VideoPath, cancellationToken), new Part(Prompt(quiz, narration, script.Scenes.Count))])],
                new Content(null, [new Part(
                    "You review a short narrated lesson video before it is published. Watch and listen to the whole video, and judge it " +
                    "only by what it shows and says.")]),
                new GenerationConfig(MaxOutputTokens: 4096, ResponseMimeType: "application/json", ResponseSchema: Schema, ThinkingConfig: new ThinkingConfig("low")));
            // Watching is paid by the video's seconds, whether it goes inline or by address; the prompt's words are few.
            var watching = (long)((narration.Duration.TotalSeconds + 4) * _options.TokensPerVideoSecond) + 2_000;
            var verdict = await VerdictAsync(request, watching, usage, cancellationToken);
            var (gemini, score) = Findings(verdict, quiz, scenes, script.Scenes.Count);
            return new VideoReview([.. found.Findings, .. gemini], score, usage.Tokens, usage.Dollars);
        }
        catch (Exception ex) when ((ex is StageException or HttpRequestException or TimeoutException or TimeoutRejectedException or IOException) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Gemini could not review {Lesson}", lesson.Key);
            return new VideoReview([.. found.Findings, new ReviewFinding($"Gemini could not review the video: {ex.Message}")], null, usage.Tokens, usage.Dollars);
        }
    }

    private async Task<Verdict> VerdictAsync(GenerateContentRequest request, long promptTokens, GeminiUsage usage, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.GenerateContentAsync(_vertex.TextModel, _vertex.TextLocation, request, SpendPurpose.Review, cancellationToken, promptTokens);
            usage.Add(_vertex.TextModel, response);
            try
            {
                return JsonSerializer.Deserialize<Verdict>(GeminiAnswers.Text(response, "the review"), GoogleAIJson.Options)
                    ?? throw new JsonException("empty answer");
            }
            catch (JsonException ex) when (attempt == 1)
            {
                logger.LogWarning("Gemini answered a malformed review; asking once more: {Problem}", ex.Message);
            }
            catch (JsonException ex)
            {
                throw StageException.Transient($"Gemini answered a malformed review twice: {ex.Message}", ex, "malformed");
            }
        }
    }

    /// <summary>Inline below <c>Review:MaxInlineMegabytes</c>; through the output bucket whenever there is one.</summary>
    private async Task<Part> VideoPartAsync(Lesson lesson, string path, CancellationToken cancellationToken)
    {
        const string mp4 = "video/mp4";
        if (!string.IsNullOrWhiteSpace(_vertex.OutputStorageUri))
        {
            // Named by content: a retried upload replaces the same object, and each remade video gets its own.
            await using var file = File.OpenRead(path);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken))[..16];
            var uri = $"{_vertex.OutputStorageUri.TrimEnd('/')}/review/{lesson.CourseId}/{lesson.Id}/{hash}.mp4";
            await storage.UploadAsync(path, uri, mp4, cancellationToken);
            return new Part(FileData: new FileData(mp4, uri));
        }

        var size = new FileInfo(path).Length;
        if (size > _options.MaxInlineMegabytes * 1024L * 1024)
        {
            throw StageException.Permanent(string.Create(CultureInfo.InvariantCulture,
                $"the video is {size / (1024.0 * 1024):0.0} MB, more than Review:MaxInlineMegabytes ({_options.MaxInlineMegabytes}) sends inline; with the vertex provider, Vertex:OutputStorageUri lets Gemini read it from Cloud Storage"));
        }

        return new Part(InlineData: new InlineData(mp4, Convert.ToBase64String(await File.ReadAllBytesAsync(path, cancellationToken))));
    }

    private static string Prompt(Quiz quiz, Narration narration, int sceneCount)
    {
        var text = new StringBuilder();
        if (quiz.Summary.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"The video is meant to teach this: {quiz.Summary}");
        }

        text.Append("Its scenes: ");
        text.AppendJoin("; ", Enumerable.Range(0, Math.Min(sceneCount + 1, narration.Segments.Count)).Select(i =>
        {
            var end = i + 1 < narration.Segments.Count ? narration.Segments[i + 1].Start : narration.Duration;
            return $"{AutomaticReview.At(narration.Segments[i].Start)}-{AutomaticReview.At(end)} {(i == 0 ? "title card (scene 0)" : $"scene {i}")}";
        }));
        text.AppendLine(".").AppendLine();
        text.AppendLine(
            "Say whether the video teaches that; whether any text in the picture is garbled or misspelt (generated footage often " +
            "shows made-up lettering); and whether the picture fits what the narration says throughout. List each problem you see " +
            "with the number of the scene it is in. List none if there are none.");
        text.AppendLine().AppendLine("Then answer these questions from the video alone, giving for each the index (from 0) of the option you choose:");
        foreach (var (question, n) in quiz.Questions.Select((q, n) => (q, n)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{n + 1}. {question.Question}");
            foreach (var (option, i) in question.Options.Select((o, i) => (o, i)))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   {i}) {option}");
            }
        }

        return text.ToString();
    }

    private (List<ReviewFinding> Findings, double Score) Findings(Verdict verdict, Quiz quiz, SceneMap scenes, int sceneCount)
    {
        var findings = new List<ReviewFinding>();
        foreach (var problem in verdict.Problems ?? [])
        {
            if (problem is not { Problem.Length: > 0 })
            {
                continue;
            }

            int? segment = problem.Scene is { } s && s >= 0 && s <= sceneCount ? s : null;
            findings.Add(new ReviewFinding($"Gemini: {problem.Problem.Trim().TrimEnd('.')}{scenes.Describe(segment)}", segment, scenes.IsClip(segment)));
        }

        if (findings.Count == 0)
        {
            // A verdict without its reasons still counts.
            if (verdict.TeachesTheLesson == false)
            {
                findings.Add(new ReviewFinding("Gemini: the video does not teach what the lesson says"));
            }

            if (verdict.GarbledText == true)
            {
                findings.Add(new ReviewFinding("Gemini: some text in the picture is garbled"));
            }

            if (verdict.PictureMatchesNarration == false)
            {
                findings.Add(new ReviewFinding("Gemini: the picture does not match the narration"));
            }
        }

        var answers = verdict.Answers ?? [];
        var right = quiz.Questions.Where((q, i) => i < answers.Count && answers[i] == q.Answer).Count();
        var score = (double)right / quiz.Questions.Count;
        var needed = (int)Math.Ceiling(_options.MinQuizScore * quiz.Questions.Count - 1e-9);
        if (right < needed)
        {
            findings.Add(new ReviewFinding($"Gemini answered {right} of {quiz.Questions.Count} quiz questions right from the video alone (needs {needed})"));
        }

        return (findings, Math.Round(score, 2));
    }

    private sealed record Verdict(bool? TeachesTheLesson, bool? GarbledText, bool? PictureMatchesNarration, IReadOnlyList<SceneProblem?>? Problems, IReadOnlyList<int?>? Answers);

    private sealed record SceneProblem(int? Scene, string? Problem);
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Writes the script with Gemini: <c>generateContent</c> with a JSON response schema, at Gemini 3's default
/// temperature and a deliberate thinking level. The answer is validated and markdown is stripped from everything that
/// will be spoken or shown; a malformed answer is asked for once more, and an answer cut off for lack of output tokens
/// once more with twice the room and minimal thinking. The script is written in the lesson's language; the visual
/// prompts, which only Veo reads, in English.
/// </summary>
public sealed class GeminiEnhancer(
    GenAIClient client, IOptions<GoogleAIOptions> options, IOptions<LocalProviderOptions> scriptOptions, IOptions<WorkerOptions> worker,
    ILogger<GeminiEnhancer> logger) : IEnhancer
{
    // Gemini TTS speaks at about this rate: the word budget is the length's minutes of it.
    public const int SpokenWordsPerMinute = 150;

    private const int MaxCodeLines = 14;

    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"OBJECT","required":["title","scenes"],"properties":{
          "title":{"type":"STRING"},
          "scenes":{"type":"ARRAY","minItems":1,"items":{"type":"OBJECT","required":["narration","onScreenText","visualPrompt"],"properties":{
            "heading":{"type":"STRING","description":"The heading of the lesson's section the scene covers, in the lesson's language."},
            "narration":{"type":"STRING","description":"What the instructor says, plain spoken text in the lesson's language."},
            "onScreenText":{"type":"STRING","description":"2 to 4 short key points in the lesson's language, one per line, a few words each; code the scene explains follows in a fenced block."},
            "visualPrompt":{"type":"STRING","description":"In English, a description of an 8-second video shot that illustrates the scene."},
            "assetId":{"type":"STRING","description":"The id of the lesson's table, diagram, picture or code the slide shows, from the list of assets; empty for none."}}}}}}
        """).RootElement.Clone();

    private readonly GoogleAIOptions _options = options.Value;
    private readonly LocalProviderOptions _budget = scriptOptions.Value;
    private readonly VideoLength _length = new(worker.Value.Length);
    private readonly string _instructions = worker.Value.Instructions.Trim();

    public string Settings =>
        $"gemini/4;model={_options.TextModel};thinking={_options.ScriptThinkingLevel};length={_length.Setting};scene={_budget.WordsPerScene};max={_budget.MaxScenes}" +
        (_instructions.Length == 0 ? "" : $";instructions={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(_instructions)))[..12]}");

    public async Task<LessonScript> EnhanceAsync(Lesson lesson, CancellationToken cancellationToken)
    {
        LessonTokens.EnsureFits(lesson, _options.MaxLessonTokens, _options.TextModel);
        var language = Languages.Resolve(lesson.Language, $"{lesson.Title}\n{lesson.Text}");
        var document = MarkdownLessonReader.Read(lesson.Text, lesson.Folder);
        var assets = document.Assets.ToDictionary(a => a.Id, StringComparer.OrdinalIgnoreCase);
        var words = _length.WordBudget(document.WordCount, SpokenWordsPerMinute);
        var scenes = _length.MaxScenes(document.WordCount, SpokenWordsPerMinute, _budget.WordsPerScene, _budget.MaxScenes);
        var config = new GenerationConfig(
            MaxOutputTokens: _options.ScriptMaxOutputTokens, ResponseMimeType: "application/json", ResponseSchema: Schema,
            ThinkingConfig: new ThinkingConfig(_options.ScriptThinkingLevel));
        var cutOff = false;
        for (var malformed = 1; ; malformed++)
        {
            var response = await client.GenerateContentAsync(_options.TextModel, _options.TextLocation, Request(lesson, language, config, document, words, scenes, _instructions), SpendPurpose.Script, cancellationToken);
            string text;
            try
            {
                text = GeminiAnswers.Text(response, "the script");
            }
            catch (StageException ex) when (ex.Reason == GeminiAnswers.CutOff && !cutOff)
            {
                // Thinking took the room the answer needed: once more, with twice the room and as little thinking as can be.
                cutOff = true;
                malformed--;
                config = config with { MaxOutputTokens = config.MaxOutputTokens * 2, ThinkingConfig = new ThinkingConfig("minimal") };
                logger.LogWarning("Gemini's script for {Lesson} was cut off; asking again with {Tokens} output tokens", lesson.Key, config.MaxOutputTokens);
                continue;
            }

            if (TryRead(text, assets, scenes, out var script, out var problem))
            {
                return script with
                {
                    CourseTitle = Plain(lesson.CourseTitle).TrimEnd('.', '。'),
                    Language = language,
                };
            }

            logger.LogWarning("Gemini answered a malformed script for {Lesson} (attempt {Attempt}): {Problem}", lesson.Key, malformed, problem);
            if (malformed == 2)
            {
                throw StageException.Permanent($"Gemini answered a malformed script twice: {problem}");
            }
        }
    }

    private static GenerateContentRequest Request(
        Lesson lesson, LanguageChoice language, GenerationConfig config, LessonDocument document, int words, int scenes, string runInstructions)
    {
        var name = Languages.EnglishName(language.Tag);
        var instruction =
            $"You turn an online lesson into the script of a narrated video. The lesson is in {name} ({language.Tag}): write the " +
            $"title, the headings, the narration and the on-screen text in {name}. Write about {words} words of narration " +
            $"in 1 to {scenes} scenes that follow the lesson's sections in order, as plain spoken text without markdown, lists or code. " +
            "For each scene give the heading of its section; the narration; an on-screen text of 1 to 4 short key points, one per line, " +
            "that state what the scene teaches (never the lesson's title, a link, a caption or a quiz); the id of at most one of the " +
            "lesson's assets listed below that the scene explains, shown beside its points; and, in English, a visual prompt " +
            "describing one 8-second video shot without any text in it.";
        var asked = string.Join('\n', new[] { lesson.Instructions, runInstructions }.Where(i => !string.IsNullOrWhiteSpace(i)));
        if (asked.Length > 0)
        {
            instruction += $"\n\nThe course's authors ask this of the script (follow it where it does not contradict the above):\n{asked}";
        }

        var assets = document.Assets.ToList();
        var list = assets.Count == 0 ? "" :
            "\n\nAssets of the lesson, by id:\n" + string.Join('\n', assets.Select(a => $"- {a.Id}: {Shorten(a.Describe(), 300)}"));
        var prompt = $"Course: {lesson.CourseTitle}\nLesson title: {lesson.Title}{list}\n\nLesson text:\n{lesson.Text}";
        return new GenerateContentRequest(
            [new Content("user", [new Part(prompt)])],
            new Content(null, [new Part(instruction)]),
            config);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static bool TryRead(string json, Dictionary<string, LessonAsset> assets, int maxScenes, out LessonScript script, out string? problem)
    {
        script = null!;
        try
        {
            var answer = JsonSerializer.Deserialize<ScriptAnswer>(json, GoogleAIJson.Options);
            var scenes = (answer?.Scenes ?? [])
                .Where(s => s is not null)
                .Select(s => WithAsset(new Scene(Plain(s!.Narration), OnScreen(s.OnScreenText), Sentences.Normalize(s.VisualPrompt ?? ""))
                {
                    Heading = Plain(s.Heading).TrimEnd('.', '。', ':'),
                }, s.AssetId is { } id ? assets.GetValueOrDefault(id.Trim()) : null))
                .Where(s => s.Narration.Length > 0)
                .Take(maxScenes)
                .ToList();
            var title = Plain(answer?.Title).TrimEnd('.', '。');
            problem = title.Length == 0 ? "no title" : scenes.Count == 0 ? "no scene with narration" : null;
            if (problem is null)
            {
                script = new LessonScript(title, "", scenes.Select(s => s.OnScreenText.Length > 0 ? s : s with { OnScreenText = s.Narration }).ToList());
            }
        }
        catch (JsonException ex)
        {
            problem = $"not the JSON asked for ({ex.Message})";
        }

        return problem is null;
    }

    /// <summary>The scene with its asset; code goes into the slide's code block, unless Gemini already put code there.</summary>
    private static Scene WithAsset(Scene scene, LessonAsset? asset) => asset switch
    {
        null => scene,
        CodeAsset code when scene.OnScreenText.Contains("```", StringComparison.Ordinal) => scene,
        CodeAsset code => scene with { OnScreenText = $"{scene.OnScreenText}\n```{code.Language}\n{string.Join('\n', code.Text.Split('\n').Take(MaxCodeLines))}\n```" },
        _ => scene with { Asset = asset },
    };

    private static string Plain(string? markdown) => string.IsNullOrWhiteSpace(markdown) ? "" : MarkdownText.ToPlainText(markdown);

    /// <summary>Key points as plain lines, and a fenced code block kept as it is, which the slide shows in monospace.</summary>
    private static string OnScreen(string? text)
    {
        var lines = new List<string>();
        var inCode = false;
        foreach (var line in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                lines.Add(line.Trim());
            }
            else if (inCode)
            {
                lines.Add(line.TrimEnd());
            }
            else if (Plain(line).TrimEnd('.', '。') is { Length: > 0 } point)
            {
                lines.Add(point);
            }
        }

        if (inCode)
        {
            lines.Add("```");
        }

        return string.Join('\n', lines);
    }

    private sealed record ScriptAnswer(string? Title, IReadOnlyList<SceneAnswer?>? Scenes);

    private sealed record SceneAnswer(string? Heading, string? Narration, string? OnScreenText, string? VisualPrompt, string? AssetId);
}

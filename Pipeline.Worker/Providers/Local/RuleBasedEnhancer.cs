using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Writes a script without a language model, along the lesson's own structure: its sections become scenes (joined or
/// split to fit the length), each narrating the section's most representative sentences, with key points from its
/// subheadings, list items and defining sentences, and the section's table, diagram, picture or code on the slide.
/// </summary>
public sealed class RuleBasedEnhancer(
    IOptions<LocalProviderOptions> options, IOptions<WorkerOptions> worker, ILogger<RuleBasedEnhancer>? logger = null, EspeakPace? pace = null) : IEnhancer
{
    // Reading looks at the opening of very long texts only, so a huge lesson costs bounded time.
    private const int MaxMarkdownChars = 400_000;

    private const int MaxCodeLines = 14;

    private readonly LocalProviderOptions _options = options.Value;
    private readonly VideoLength _length = new(worker.Value.Length);
    private int _saidInstructions;

    public string Settings => $"rules/3;length={_length.Setting};wpm={_options.WordsPerMinute};scene={_options.WordsPerScene};max={_options.MaxScenes}";

    public async Task<LessonScript> EnhanceAsync(Lesson lesson, CancellationToken cancellationToken)
    {
        if ((lesson.Instructions is not null || worker.Value.Instructions.Trim().Length > 0) && Interlocked.Exchange(ref _saidInstructions, 1) == 0)
        {
            logger?.LogWarning(
                "The local script writer cannot follow instructions ({Lesson} has some): they are for Gemini (--provider vertex or gemini)", lesson.Key);
        }

        var markdown = lesson.Text.Length > MaxMarkdownChars ? lesson.Text[..MaxMarkdownChars] : lesson.Text;
        var document = MarkdownLessonReader.Read(markdown, lesson.Folder);
        var title = MarkdownText.ToPlainText(lesson.Title).TrimEnd('.', '。');
        if (title.Length == 0)
        {
            title = document.Title ?? Headline(document.Sections.SelectMany(s => s.Passages).SelectMany(p => p.Sentences).FirstOrDefault() ?? lesson.Id);
        }

        var language = Languages.Resolve(lesson.Language, $"{title}\n{markdown}");
        var budget = _length.WordBudget(document.WordCount, _options.WordsPerMinute);
        var planned = ScenePlanner.Plan(document, title, budget, _options.WordsPerScene, _options.MaxScenes);

        // The length is in minutes of speech: where espeak-ng reads slower than its set speed (kanji), the script is planned
        // again with as many fewer words as it would overrun.
        if (pace is not null && planned.Count > 0)
        {
            var wordsPerMinute = await pace.WordsPerMinuteAsync(language, planned.SelectMany(p => p.Sentences).ToList(), cancellationToken);
            if (wordsPerMinute < _options.WordsPerMinute * 0.9)
            {
                planned = ScenePlanner.Plan(document, title, (int)Math.Round(budget * wordsPerMinute / _options.WordsPerMinute), _options.WordsPerScene, _options.MaxScenes);
            }
        }

        var scenes = planned.Count == 0
            ? [new Scene(Sentences.Terminate(title), title, $"A clean presentation slide about {title}")]
            : planned.Select(p => ToScene(p, title)).ToList();
        var subtitle = MarkdownText.ToPlainText(lesson.CourseTitle).TrimEnd('.', '。');
        return new LessonScript(title, subtitle, scenes) { Language = language };
    }

    private static Scene ToScene(PlannedScene planned, string title)
    {
        var narration = planned.Sentences.Count > 0 ? string.Join(' ', planned.Sentences) : Sentences.Terminate(planned.Heading.Length > 0 ? planned.Heading : title);
        var onScreen = string.Join('\n', planned.Points);
        var asset = planned.Asset;
        if (asset is CodeAsset code)
        {
            // Code is shown as text, in the slide's code block.
            onScreen += $"\n```{code.Language}\n{string.Join('\n', code.Text.Split('\n').Take(MaxCodeLines))}\n```";
            asset = null;
        }

        var about = planned.Heading.Length > 0 ? planned.Heading : Headline(narration);
        return new Scene(narration, onScreen, $"A clean presentation slide about {title}: {about}") { Heading = planned.Heading, Asset = asset };
    }

    private static string Headline(string sentence)
    {
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var headline = string.Join(' ', words.Take(8)).TrimEnd('.', '!', '?', ':', ';', ',');
        return words.Length > 8 ? headline + "..." : headline;
    }
}

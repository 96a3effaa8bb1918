using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Writes a script without a language model: the lesson's markdown becomes plain sentences, long lessons are
/// condensed to the word budget by keeping their most representative sentences, and the result is split
/// into scenes of similar length.
/// </summary>
public sealed class RuleBasedEnhancer(IOptions<LocalProviderOptions> options) : IEnhancer
{
    // Condensing looks at the opening of very long texts only, so a huge lesson costs bounded time.
    private const int MaxMarkdownChars = 400_000;

    private readonly LocalProviderOptions _options = options.Value;

    public string Settings => $"rules/1;budget={_options.WordBudget};scene={_options.WordsPerScene};max={_options.MaxScenes}";

    public Task<LessonScript> EnhanceAsync(Lesson lesson, CancellationToken cancellationToken)
    {
        var markdown = lesson.Text.Length > MaxMarkdownChars ? lesson.Text[..MaxMarkdownChars] : lesson.Text;
        var sentences = MarkdownText.ToSentences(markdown);
        var title = MarkdownText.ToPlainText(lesson.Title).TrimEnd('.');
        if (title.Length == 0)
        {
            title = Headline(sentences.FirstOrDefault() ?? lesson.Id);
        }

        if (sentences.Count == 0)
        {
            sentences = [Sentences.Terminate(title)];
        }

        var condensed = Condenser.Condense(sentences, _options.WordBudget);
        var scenes = SplitIntoScenes(condensed)
            .Select(text => new Scene(text, text, $"A clean presentation slide about {title}: {Headline(text)}"))
            .ToList();
        var subtitle = MarkdownText.ToPlainText(lesson.CourseTitle).TrimEnd('.');
        return Task.FromResult(new LessonScript(title, subtitle, scenes) { Language = Languages.Resolve(lesson.Language, $"{title}\n{markdown}") });
    }

    private List<string> SplitIntoScenes(IReadOnlyList<string> sentences)
    {
        var words = sentences.Sum(Sentences.CountWords);
        var sceneCount = Math.Clamp((int)Math.Ceiling(words / (double)_options.WordsPerScene), 1, Math.Min(_options.MaxScenes, sentences.Count));
        var target = words / (double)sceneCount;
        var scenes = new List<string>();
        var current = new List<string>();
        var currentWords = 0;
        for (var i = 0; i < sentences.Count; i++)
        {
            current.Add(sentences[i]);
            currentWords += Sentences.CountWords(sentences[i]);
            var sentencesLeft = sentences.Count - i - 1;
            var scenesLeft = sceneCount - scenes.Count - 1;
            if (scenesLeft > 0 && sentencesLeft >= scenesLeft && (currentWords >= target || sentencesLeft == scenesLeft))
            {
                scenes.Add(string.Join(' ', current));
                current.Clear();
                currentWords = 0;
            }
        }

        if (current.Count > 0)
        {
            scenes.Add(string.Join(' ', current));
        }

        return scenes;
    }

    private static string Headline(string sentence)
    {
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var headline = string.Join(' ', words.Take(8)).TrimEnd('.', '!', '?', ':', ';', ',');
        return words.Length > 8 ? headline + "..." : headline;
    }
}

using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Writes a script without a language model: the lesson's markdown becomes plain sentences, long lessons are
/// condensed to the word budget by keeping their most representative sentences, and the result is split
/// into scenes of similar length. Each scene's slide shows short key points from its sentences, and the first
/// code block the lesson gives within or just before the scene.
/// </summary>
public sealed class RuleBasedEnhancer(IOptions<LocalProviderOptions> options) : IEnhancer
{
    // Condensing looks at the opening of very long texts only, so a huge lesson costs bounded time.
    private const int MaxMarkdownChars = 400_000;

    private readonly LocalProviderOptions _options = options.Value;

    private const int MaxCodeLines = 14;

    public string Settings => $"rules/2;budget={_options.WordBudget};scene={_options.WordsPerScene};max={_options.MaxScenes}";

    public Task<LessonScript> EnhanceAsync(Lesson lesson, CancellationToken cancellationToken)
    {
        var markdown = lesson.Text.Length > MaxMarkdownChars ? lesson.Text[..MaxMarkdownChars] : lesson.Text;
        var (sentences, code) = MarkdownText.ToSentencesAndCode(markdown);
        var title = MarkdownText.ToPlainText(lesson.Title).TrimEnd('.', '。');
        if (title.Length == 0)
        {
            title = Headline(sentences.FirstOrDefault() ?? lesson.Id);
        }

        if (sentences.Count == 0)
        {
            sentences = [Sentences.Terminate(title)];
        }

        var condensed = Condenser.Condense(sentences, _options.WordBudget);
        var sceneSentences = SplitIntoScenes(condensed);
        var codeByScene = PlaceCode(code, sentences, condensed, sceneSentences);
        var scenes = sceneSentences
            .Select((parts, i) =>
            {
                var text = string.Join(' ', parts);
                var onScreen = string.Join('\n', KeyPoints.From(parts));
                if (codeByScene.TryGetValue(i, out var sample))
                {
                    onScreen += $"\n```{sample.Language}\n{string.Join('\n', sample.Text.Split('\n').Take(MaxCodeLines))}\n```";
                }

                return new Scene(text, onScreen, $"A clean presentation slide about {title}: {Headline(text)}");
            })
            .ToList();
        var subtitle = MarkdownText.ToPlainText(lesson.CourseTitle).TrimEnd('.', '。');
        return Task.FromResult(new LessonScript(title, subtitle, scenes) { Language = Languages.Resolve(lesson.Language, $"{title}\n{markdown}") });
    }

    /// <summary>
    /// Puts each code block on the scene that speaks the sentence before it (or the nearest kept one before
    /// that), the first block only where a scene would get several.
    /// </summary>
    private static Dictionary<int, CodeSample> PlaceCode(
        IReadOnlyList<CodeSample> code, IReadOnlyList<string> sentences, IReadOnlyList<string> condensed, List<List<string>> scenes)
    {
        var placed = new Dictionary<int, CodeSample>();
        if (code.Count == 0)
        {
            return placed;
        }

        // Condensing keeps sentences in order, so the kept ones are found by walking both lists together.
        var sceneOfSentence = new int[sentences.Count];
        var (kept, scene, inScene, lastScene) = (0, 0, 0, 0);
        for (var i = 0; i < sentences.Count; i++)
        {
            if (kept < condensed.Count && ReferenceEquals(sentences[i], condensed[kept]))
            {
                while (scene < scenes.Count && inScene >= scenes[scene].Count)
                {
                    (scene, inScene) = (scene + 1, 0);
                }

                lastScene = Math.Min(scene, scenes.Count - 1);
                (kept, inScene) = (kept + 1, inScene + 1);
            }

            sceneOfSentence[i] = lastScene;
        }

        foreach (var sample in code)
        {
            var target = sample.AfterSentence == 0 || sentences.Count == 0 ? 0 : sceneOfSentence[Math.Min(sample.AfterSentence, sentences.Count) - 1];
            placed.TryAdd(target, sample);
        }

        return placed;
    }

    private List<List<string>> SplitIntoScenes(IReadOnlyList<string> sentences)
    {
        var words = sentences.Sum(Sentences.CountWords);
        var sceneCount = Math.Clamp((int)Math.Ceiling(words / (double)_options.WordsPerScene), 1, Math.Min(_options.MaxScenes, sentences.Count));
        var target = words / (double)sceneCount;
        var scenes = new List<List<string>>();
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
                scenes.Add(current);
                current = [];
                currentWords = 0;
            }
        }

        if (current.Count > 0)
        {
            scenes.Add(current);
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

using VideoGen.Worker.Lessons;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>A scene as planned from the lesson's structure: its section's heading, what is said, the key points and the asset shown.</summary>
public sealed record PlannedScene(string Heading, IReadOnlyList<string> Sentences, IReadOnlyList<string> Points, LessonAsset? Asset);

/// <summary>
/// Plans a lesson's scenes along its sections. Each section is at least one scene; where there are more sections than the
/// budget has scenes, the adjacent pair with the fewest words is joined until they fit, and scenes left over go to the
/// sections with the most words per scene (or with more assets than scenes). Each section's share of the word budget
/// follows its words, and its most representative sentences are kept. Each asset goes to the scene that speaks the text
/// around it, one asset a slide, code last.
/// </summary>
public static class ScenePlanner
{
    private const int MaxPoints = 4;
    private const int MaxPointsBesideAsset = 3;

    /// <summary>One thing in a section, in reading order: a sentence, a subheading, or an asset.</summary>
    private sealed record Item(PassageKind Kind, string Text, string Heading, LessonAsset? Asset = null)
    {
        public IReadOnlyList<string> Links { get; init; } = [];

        public bool IsNarrated => Asset is null && Passage.Narrates(Kind);

        public int Words => IsNarrated ? Sentences.CountWords(Text) : 0;
    }

    public static IReadOnlyList<PlannedScene> Plan(LessonDocument document, string title, int wordBudget, int wordsPerScene, int maxScenes)
    {
        var groups = document.Sections.Where(s => s.HasContent).Select(Items).Where(g => g.Count > 0).ToList();
        if (groups.Count == 0)
        {
            return [];
        }

        // A section that only shows (a picture under the title, a lone diagram) is shown with the words of its neighbour.
        // Words are counted once per group and added up as groups join: a lesson of thousands of sections stays quick.
        var words = groups.Select(Words).ToList();
        for (var g = 0; g < groups.Count && groups.Count > 1; g++)
        {
            if (words[g] == 0)
            {
                var into = g + 1 < groups.Count ? g + 1 : g - 1;
                groups[into].InsertRange(into > g ? 0 : groups[into].Count, groups[g]);
                groups.RemoveAt(g);
                words.RemoveAt(g--);
            }
        }

        // A short lesson said whole needs fewer scenes than its budget would allow, but each section with something to show
        // keeps a scene of its own while the budget has room for one.
        var spoken = Math.Min(wordBudget, words.Sum());
        var budgetScenes = Math.Clamp((int)Math.Round(wordBudget / (double)wordsPerScene), 1, maxScenes);
        var sceneCount = Math.Clamp(Math.Max((int)Math.Round(spoken / (double)wordsPerScene), groups.Count(g => Assets(g) > 0)), 1, budgetScenes);
        while (groups.Count > sceneCount)
        {
            var join = Enumerable.Range(0, groups.Count - 1).MinBy(i => words[i] + words[i + 1]);
            groups[join].AddRange(groups[join + 1]);
            words[join] += words[join + 1];
            groups.RemoveAt(join + 1);
            words.RemoveAt(join + 1);
        }

        var scenes = Enumerable.Repeat(1, groups.Count).ToArray();
        for (var extra = sceneCount - groups.Count; extra > 0; extra--)
        {
            var candidates = Enumerable.Range(0, groups.Count).Where(g => scenes[g] < Math.Max(Narrated(groups[g]).Count, Assets(groups[g]))).ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            var most = candidates.MaxBy(g => Words(groups[g]) / (double)scenes[g] + (Assets(groups[g]) > scenes[g] ? wordsPerScene : 0));
            scenes[most]++;
        }

        var totalWords = Math.Max(1, groups.Sum(Words));
        var planned = new List<PlannedScene>();
        for (var g = 0; g < groups.Count; g++)
        {
            var budget = Math.Max((int)Math.Round(wordBudget * Words(groups[g]) / (double)totalWords), Math.Min(Words(groups[g]), wordsPerScene / 3));
            planned.AddRange(PlanGroup(groups[g], budget, scenes[g], title));
        }

        return planned;
    }

    private static List<PlannedScene> PlanGroup(List<Item> items, int budget, int sceneCount, string title)
    {
        var narrated = Enumerable.Range(0, items.Count).Where(i => items[i].IsNarrated).ToList();
        var kept = Condenser.Keep(narrated.Select(i => items[i].Text).ToList(), budget).Select(k => narrated[k]).ToList();
        var starts = SceneStarts(items, kept, sceneCount);

        // Each scene covers the items from its first kept sentence to the next scene's; what comes before the first is the first's.
        var ranges = starts.Select((start, s) => (From: s == 0 ? 0 : start, To: s + 1 < starts.Count ? starts[s + 1] : items.Count)).ToList();
        var assets = AssignAssets(items, ranges);
        return ranges.Select((range, s) =>
        {
            var inScene = items.Skip(range.From).Take(range.To - range.From).ToList();
            var sentences = kept.Where(i => i >= range.From && i < range.To).Select(i => Fit(items[i].Text, budget)).ToList();
            var heading = (inScene.FirstOrDefault(i => i.IsNarrated) ?? inScene[0]).Heading;
            var points = Points(inScene, kept.Where(i => i >= range.From && i < range.To).Select(i => items[i]).ToList(), heading, title, assets[s] is null ? MaxPoints : MaxPointsBesideAsset);
            return new PlannedScene(heading, sentences, points, assets[s]);
        }).Where(s => s.Sentences.Count > 0 || s.Asset is not null).ToList();
    }

    /// <summary>A sentence cut to its opening words where it alone is over the budget.</summary>
    private static string Fit(string sentence, int budget) =>
        Sentences.CountWords(sentence) <= budget
            ? sentence
            : Sentences.Terminate(string.Join(' ', sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(budget)).TrimEnd(',', ';', ':'));

    /// <summary>Where each scene starts, as an item index: the kept sentences split into scenes of similar length.</summary>
    private static List<int> SceneStarts(List<Item> items, List<int> kept, int sceneCount)
    {
        sceneCount = Math.Max(1, Math.Min(sceneCount, Math.Max(kept.Count, 1)));
        var starts = new List<int> { kept.Count > 0 ? kept[0] : 0 };
        var words = kept.Sum(i => items[i].Words);
        var target = words / (double)sceneCount;
        var current = 0;
        for (var k = 0; k < kept.Count && starts.Count < sceneCount; k++)
        {
            current += items[kept[k]].Words;
            var sentencesLeft = kept.Count - k - 1;
            var scenesLeft = sceneCount - starts.Count;
            if (sentencesLeft >= scenesLeft && sentencesLeft > 0 && (current >= target || sentencesLeft == scenesLeft))
            {
                starts.Add(kept[k + 1]);
                current = 0;
            }
        }

        return starts;
    }

    /// <summary>
    /// Each scene's asset: tables, diagrams and pictures first, each in the scene that speaks the text around it or, that
    /// one taken, the nearest free one; code only in scenes left without.
    /// </summary>
    private static LessonAsset?[] AssignAssets(List<Item> items, List<(int From, int To)> ranges)
    {
        var assigned = new LessonAsset?[ranges.Count];
        var all = items.Select((item, i) => (Index: i, item.Asset)).Where(a => a.Asset is not null).ToList();
        foreach (var code in new[] { false, true })
        {
            var left = new List<(int Scene, LessonAsset Asset)>();
            foreach (var (index, asset) in all.Where(a => a.Asset is CodeAsset == code))
            {
                var scene = ranges.FindIndex(r => index >= r.From && index < r.To);
                if (scene >= 0 && assigned[scene] is null)
                {
                    assigned[scene] = asset;
                }
                else
                {
                    left.Add((scene, asset!));
                }
            }

            foreach (var (scene, asset) in left)
            {
                var free = Enumerable.Range(0, ranges.Count).Where(s => assigned[s] is null).OrderBy(s => Math.Abs(s - scene)).DefaultIfEmpty(-1).First();
                if (free >= 0)
                {
                    assigned[free] = asset;
                }
            }
        }

        return assigned;
    }

    /// <summary>
    /// Key points: the scene's subheadings, then its list items, then sentences that define something, then its other
    /// sentences, each shortened; never a question or an exclamation, a lead-in, a label, the lesson's title or the scene's own heading.
    /// </summary>
    private static IReadOnlyList<string> Points(List<Item> inScene, List<Item> kept, string heading, string title, int max)
    {
        var statements = inScene.Where(i => i.Kind == PassageKind.Subheading && i.Asset is null)
            .Concat(inScene.Where(i => i.Kind == PassageKind.ListItem && i.Asset is null))
            .Concat(kept.Where(i => KeyPoints.IsDefinition(i.Text)))
            .Concat(kept)
            .Where(i => i.Kind == PassageKind.Subheading ? !"?？؟".Contains(i.Text.TrimEnd()[^1]) : NotContent.IsStatement(i.Text));
        var points = Fitting(statements, heading, title).Take(max).ToList();

        // A scene of nothing but questions and exclamations still gets its gist on screen rather than an empty slide.
        return points.Count > 0 ? points : Fitting(kept.Where(i => i.Text.Count(char.IsLetter) >= 3), heading, title).Take(Math.Min(2, max)).ToList();
    }

    private static IEnumerable<string> Fitting(IEnumerable<Item> candidates, string heading, string title) =>
        candidates
            .Select(i => (Point: i.Kind == PassageKind.Subheading ? i.Text : KeyPoints.Shorten(i.Text), i.Links))
            .Where(c => !c.Links.Any(link => link.Equals(c.Point.TrimEnd('…', '.', ' '), StringComparison.OrdinalIgnoreCase)))
            .Select(c => c.Point)
            .Where(p => p.Length > 0 && !NotContent.Repeats(p, title) && !NotContent.Repeats(p, heading) && !NotContent.IsLeadIn(p) && !NotContent.IsAnnouncement(p))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    private static List<Item> Items(LessonSection section)
    {
        var items = new List<Item>();
        for (var p = 0; p <= section.Passages.Count; p++)
        {
            items.AddRange(section.Assets.Where(a => a.AfterPassage == p).Select(a => new Item(PassageKind.Paragraph, "", section.Heading, a.Asset)));
            if (p < section.Passages.Count)
            {
                var passage = section.Passages[p];
                items.AddRange(passage.Sentences.Select(s => new Item(passage.Kind, s, section.Heading) { Links = passage.Links }));
            }
        }

        return items;
    }

    private static int Words(List<Item> items) => items.Sum(i => i.Words);

    private static List<int> Narrated(List<Item> items) => Enumerable.Range(0, items.Count).Where(i => items[i].IsNarrated).ToList();

    private static int Assets(List<Item> items) => items.Count(i => i.Asset is not null);
}

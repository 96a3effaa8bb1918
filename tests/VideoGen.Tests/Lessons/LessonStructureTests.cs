using System.Text.RegularExpressions;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Tests.Lessons;

/// <summary>Real lessons read into their structure, and the offline script written along it.</summary>
public sealed partial class LessonStructureTests
{
    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlocks();

    [GeneratedRegex(@"^## (.+)$", RegexOptions.Multiline)]
    private static partial Regex SecondLevelHeadings();

    [GeneratedRegex(@"(?<!!)\[([^\]]+)\]\([^)]+\)")]
    private static partial Regex LinkTexts();

    // What diagram source looks like; none of it may reach a slide or the narration.
    private static readonly string[] DiagramSource = ["-->", "graph TD", "graph LR", "flowchart TD", "flowchart LR", "sequenceDiagram", "root((", "```", "title "];

    [GeneratedRegex(@":\s*\d+\s*:")]
    private static partial Regex JourneyStep();

    public static TheoryData<string> Files() => [.. RealLessons.Files];

    [Fact]
    public void Sections_are_the_lessons_second_level_headings_without_quiz_assignment_and_self_study()
    {
        var lesson = RealLessons.Read("intro-programming.en.md");
        var document = MarkdownLessonReader.Read(lesson.Text, lesson.Folder);

        var headings = SecondLevelHeadings().Matches(FencedBlocks().Replace(lesson.Text, ""))
            .Select(m => Sentences.Normalize(Sentences.WithoutEmoji(m.Groups[1].Value.Replace("*", "", StringComparison.Ordinal))).TrimEnd('.', ':'))
            .Where(h => !NotContent.IsNonContentHeading(h))
            .ToList();
        Assert.Equal("Introduction to Programming Languages and Modern Developer Tools", document.Title);
        Assert.Equal(["", .. headings], document.Sections.Select(s => s.Heading));
        Assert.Contains("So What Exactly Is Programming?", headings);
        Assert.DoesNotContain(document.Sections, s => s.Heading is "Assignment" or "Review & Self Study" or "Pre-Lecture Quiz");
    }

    [Fact]
    public void Diagrams_tables_pictures_and_code_are_assets_of_their_sections_and_captions_are_not_text()
    {
        var lesson = RealLessons.Read("intro-programming.en.md");
        var document = MarkdownLessonReader.Read(lesson.Text, lesson.Folder);

        var diagrams = document.Assets.OfType<DiagramAsset>().ToList();
        Assert.Equal(["journey", "mindmap", "flowchart", "flowchart", "graph", "pie", "journey"], diagrams.Select(d => d.Kind));

        var languages = document.Sections.Single(s => s.Heading == "Programming Languages Are Like Different Flavors of Magic");
        var table = languages.Assets.Select(a => a.Asset).OfType<TableAsset>().First();
        Assert.Contains("Language", table.Header);
        Assert.Contains(table.Rows, row => row.Any(cell => cell.Contains("JavaScript", StringComparison.Ordinal)));
        Assert.DoesNotContain(table.Header.Concat(table.Rows.SelectMany(r => r)), cell => cell.Contains('|') || cell.Contains("**", StringComparison.Ordinal));

        var sketchnote = Assert.Single(document.Assets.OfType<ImageAsset>());
        Assert.Equal("Intro Programming", sketchnote.Alt);
        Assert.Equal("Sketchnote by Tomomi Imura", sketchnote.Caption);
        Assert.True(Path.IsPathRooted(sketchnote.Source), sketchnote.Source);
        var text = string.Join(' ', document.Sections.SelectMany(s => s.Passages).SelectMany(p => p.Sentences));
        Assert.DoesNotContain("Sketchnote", text, StringComparison.Ordinal);
        Assert.DoesNotContain("-->", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Pre-Lecture Quiz", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Quotes_callouts_lead_ins_labels_and_link_only_lines_are_told_apart()
    {
        var document = MarkdownLessonReader.Read("""
            # Title

            ## Loops

            A loop repeats a block of code.

            Here's what this code does:

            **Food for thought**

            [Next lesson](../next/README.md) · [Quiz](https://quiz.example.com/3)

            > [!NOTE]
            > Loops can run forever if their condition never changes.

            > Programs must be written for people to read.

            - [x] Write a loop
            - [ ] Write another

            ![Loop diagram](loop.png)
            *A loop, drawn by a student*

            ```mermaid
            ---
            title: A loop
            ---
            %% drawn left to right
            flowchart LR
              A --> B
            ```
            """, "/lessons");

        var section = Assert.Single(document.Sections);
        Assert.Equal("Loops", section.Heading);
        Assert.Equal(
            [
                (PassageKind.Paragraph, "A loop repeats a block of code."),
                (PassageKind.LeadIn, "Here's what this code does:"),
                (PassageKind.Label, "Food for thought"),
                (PassageKind.Callout, "Loops can run forever if their condition never changes."),
                (PassageKind.Quote, "Programs must be written for people to read."),
                (PassageKind.ListItem, "Write a loop."),
                (PassageKind.ListItem, "Write another."),
            ],
            section.Passages.Select(p => (p.Kind, string.Join(' ', p.Sentences))));
        Assert.Equal(2, section.Assets.Count);
        Assert.Equal("flowchart", Assert.IsType<DiagramAsset>(section.Assets[1].Asset).Kind);
        var image = Assert.IsType<ImageAsset>(section.Assets[0].Asset);
        Assert.Equal(("/lessons/loop.png", "Loop diagram", "A loop, drawn by a student"), (image.Source, image.Alt, image.Caption));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task No_key_point_is_the_title_an_alt_text_a_caption_a_link_text_or_diagram_source(string file)
    {
        var lesson = RealLessons.Read(file);
        var document = MarkdownLessonReader.Read(lesson.Text, lesson.Folder);
        var script = await RealLessons.Writer().EnhanceAsync(lesson, CancellationToken.None);

        var points = script.Scenes.SelectMany(s => Points(s)).ToList();
        Assert.NotEmpty(points);
        var images = document.Assets.OfType<ImageAsset>().ToList();
        var notPoints = images.Select(i => i.Alt).Concat(images.Select(i => i.Caption ?? ""))
            .Concat(LinkTexts().Matches(lesson.Text).Select(m => m.Groups[1].Value))
            .Select(t => Sentences.Normalize(Sentences.WithoutEmoji(t)).Trim('*', ' ', '.'))
            .Where(t => t.Length > 3)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var point in points)
        {
            Assert.False(NotContent.Repeats(point, script.Title), $"{file}: the point '{point}' is the title");
            Assert.DoesNotContain(point.Trim('.', '…', ' '), notPoints);
            Assert.DoesNotContain(DiagramSource, marker => point.Contains(marker, StringComparison.Ordinal));
            Assert.DoesNotMatch(JourneyStep(), point);
        }

        var narration = string.Join(' ', script.Scenes.Select(s => s.Narration));
        Assert.DoesNotContain(DiagramSource, marker => narration.Contains(marker, StringComparison.Ordinal));
        Assert.DoesNotContain(images, i => i.Caption is { Length: > 0 } caption && narration.Contains(caption, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Scenes_follow_the_sections_in_order_and_show_assets_of_their_own_section(string file)
    {
        var lesson = RealLessons.Read(file);
        var document = MarkdownLessonReader.Read(lesson.Text, lesson.Folder);
        var script = await RealLessons.Writer().EnhanceAsync(lesson, CancellationToken.None);

        var sections = document.Sections.Select(s => s.Heading).ToList();
        var positions = script.Scenes.Select(s => sections.IndexOf(s.Heading)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.True(positions.Distinct().Count() >= Math.Min(sections.Count, script.Scenes.Count) * 3 / 4, $"{file}: scenes cover sections {string.Join(",", positions)}");

        var shown = script.Scenes.Where(s => s.Asset is not null).ToList();
        Assert.True(shown.Count >= Math.Min(3, document.Assets.Count(a => a is not CodeAsset)), $"{file}: only {shown.Count} slides show an asset");
        foreach (var scene in shown)
        {
            var owner = document.Sections.SingleOrDefault(s => s.Assets.Any(a => a.Asset.Id == scene.Asset!.Id));
            Assert.True(owner is not null, $"{file}: {scene.Asset!.Id} is in no section");

            // A section that only shows (a sketchnote under the title) is shown with its neighbour's words.
            Assert.True(owner.Heading == scene.Heading || owner.WordCount == 0, $"{file}: {scene.Asset!.Id} of '{owner.Heading}' is shown under '{scene.Heading}'");
        }

        Assert.Equal(shown.Count, shown.Select(s => s.Asset!.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_length_grows_with_the_lesson_and_short_is_about_80_seconds()
    {
        var longLesson = RealLessons.Read("intro-programming.en.md");
        var shortLesson = RealLessons.Read("data-types.en.md");

        async Task<int> Words(string length, Worker.Catalog.Lesson lesson) => (await RealLessons.Writer(length).EnhanceAsync(lesson, CancellationToken.None)).WordCount;

        // 160 words a minute: 6 minutes (the most) for a lesson of 5,800 words, 1.27 for one of 886.
        Assert.InRange(await Words("standard", longLesson), 900, 960);
        Assert.InRange(await Words("standard", shortLesson), 180, 203);
        Assert.InRange(await Words("long", shortLesson), 260, 305);
        Assert.InRange(await Words("short", longLesson), 170, 192);
        Assert.InRange(await Words("2", longLesson), 300, 320);

        var scenes = (await RealLessons.Writer("standard").EnhanceAsync(longLesson, CancellationToken.None)).Scenes.Count;
        var shortScenes = (await RealLessons.Writer("short").EnhanceAsync(longLesson, CancellationToken.None)).Scenes.Count;
        Assert.InRange(scenes, 15, 30);
        Assert.InRange(shortScenes, 3, 5);
    }

    private static IEnumerable<string> Points(Scene scene) =>
        scene.OnScreenText.Split("```")[0].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Tests.Support;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Text;

namespace VideoGen.Tests.Providers;

public sealed class RuleBasedEnhancerTests
{
    // The narration's budget in words, as a length in minutes at the default 160 words a minute.
    private static RuleBasedEnhancer Writer(int budget = 190, int perScene = 45, int maxScenes = 6) =>
        new(Options.Create(new LocalProviderOptions { WordsPerScene = perScene, MaxScenes = maxScenes }),
            Options.Create(new WorkerOptions { Length = (budget / 160.0).ToString(CultureInfo.InvariantCulture) }));

    private static Lesson Lesson(string title, string text) => new("c", "Course *One*", "l", title, text, "test");

    [Fact]
    public async Task Markdown_is_stripped_from_everything_spoken_or_shown_and_code_is_shown_not_spoken()
    {
        const string text = """
            ## Heading here

            Some **bold** and _italic_ words with `code` and a [link](https://example.com/x).

            - first item
            - second item

            ```python
            print("this code is not narrated")
            ```

            ## A table

            Tables are shown, not read out.

            | a | b |
            |---|---|
            | 1 | 2 |

            <div>raw html</div> See https://example.com too.
            """;
        var script = await Writer().EnhanceAsync(Lesson("The **Title**", text), CancellationToken.None);

        Assert.Equal("The Title", script.Title);
        Assert.Equal("Course One", script.CourseTitle);
        var onScreen = string.Join("\n", script.Scenes.Select(s => s.OnScreenText));
        Assert.Contains("```python\nprint(\"this code is not narrated\")\n```", onScreen);
        var all = string.Join(" ", script.Scenes.Select(s => s.Narration + " " + s.OnScreenText.Split("```")[0]));
        foreach (var mark in new[] { "**", "##", "`", "](", "http", "print(", "|", "<div>", "_italic_" })
        {
            Assert.DoesNotContain(mark, all);
        }

        Assert.Equal("Heading here", script.Scenes[0].Heading);
        var table = Assert.IsType<TableAsset>(script.Scenes[1].Asset);
        Assert.Equal(["a", "b"], table.Header);
        Assert.Equal(["1", "2"], Assert.Single(table.Rows));
        Assert.DoesNotContain("Heading here", string.Join(" ", script.Scenes.Select(s => s.Narration)));
        Assert.Contains("Some bold and italic words with code and a link.", all);
        Assert.Contains("first item.", all);
    }

    [Fact]
    public async Task Long_text_is_condensed_to_the_word_budget_keeping_the_opening()
    {
        var sentences = Enumerable.Range(1, 200).Select(i => $"Sentence number {i} talks about variables and loops in Python programs.");
        var text = "Python variables hold values. " + string.Join(" ", sentences);
        var script = await Writer(budget: 120).EnhanceAsync(Lesson("Long", text), CancellationToken.None);

        Assert.InRange(script.WordCount, 60, 120);
        Assert.StartsWith("Python variables hold values.", script.Scenes[0].Narration);
    }

    [Fact]
    public async Task Short_text_is_kept_whole_and_split_into_scenes_of_similar_length()
    {
        var text = string.Join(" ", Enumerable.Range(1, 12).Select(i => $"This is sentence {i} of the lesson text here."));
        var script = await Writer(budget: 500, perScene: 30).EnhanceAsync(Lesson("T", text), CancellationToken.None);

        Assert.Equal(Sentences.CountWords(text), script.WordCount);
        Assert.Equal(4, script.Scenes.Count);
        Assert.All(script.Scenes, s => Assert.InRange(Sentences.CountWords(s.Narration), 18, 45));
    }

    [Fact]
    public async Task Scene_count_is_capped()
    {
        var text = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"Sentence {i} is here."));
        var script = await Writer(budget: 1000, perScene: 10, maxScenes: 3).EnhanceAsync(Lesson("T", text), CancellationToken.None);

        Assert.Equal(3, script.Scenes.Count);
    }

    [Fact]
    public async Task A_lesson_with_only_a_title_narrates_the_title()
    {
        var script = await Writer().EnhanceAsync(Lesson("Only a title", ""), CancellationToken.None);

        Assert.Equal("Only a title.", Assert.Single(script.Scenes).Narration);
    }

    [Fact]
    public async Task A_lesson_without_a_title_takes_one_from_its_text()
    {
        var script = await Writer().EnhanceAsync(Lesson("", "Loops repeat work until a condition changes. More text."), CancellationToken.None);

        Assert.Equal("Loops repeat work until a condition changes", script.Title);
    }

    [Fact]
    public async Task One_endless_sentence_is_cut_to_the_budget()
    {
        var text = string.Join(" ", Enumerable.Repeat("word", 5000));
        var script = await Writer(budget: 80).EnhanceAsync(Lesson("T", text), CancellationToken.None);

        Assert.Equal(80, script.WordCount);
    }

    [Fact]
    public async Task A_20_megabyte_lesson_becomes_a_script_within_the_budget()
    {
        var text = new System.Text.StringBuilder().Insert(0, "Loops repeat work until a **condition** changes. ", 420_000).ToString();

        var script = await Writer(budget: 190).EnhanceAsync(Lesson("Huge", text), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.InRange(script.WordCount, 1, 190);
        Assert.All(script.Scenes, scene => Assert.DoesNotContain("**", scene.Narration));
        Assert.Contains("Loops repeat work until a condition changes.", script.Scenes[0].Narration);
    }

    [Fact]
    public async Task A_lesson_of_thousands_of_sections_becomes_a_script_of_joined_sections_in_their_order()
    {
        var text = string.Concat(Enumerable.Range(1, 5000).Select(i => $"## Heading {i}\n\nSentence {i} talks about loops and variables. Another one is here.\n\n"));

        // Joining sections costs a step per join, not a count of every section's words: this takes seconds, not minutes.
        var script = await Writer(budget: 960, maxScenes: 30).EnhanceAsync(Lesson("Many", text), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(script.Scenes.Count, 15, 30);
        var numbers = script.Scenes.Select(s => int.Parse(s.Heading.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.InRange(script.WordCount, 800, 960);
    }

    [Fact]
    public async Task Control_characters_do_not_reach_the_script()
    {
        var script = await Writer().EnhanceAsync(Lesson("Ti\u0007tle", "Text\u0000 with\u001b control."), CancellationToken.None);

        Assert.DoesNotContain(script.Scenes.SelectMany(s => s.Narration), char.IsControl);
        Assert.DoesNotContain(script.Title, char.IsControl);
    }

    [Fact]
    public async Task Slides_show_short_key_points_not_the_narration()
    {
        const string text = """
            In this lesson, we will learn how a loop repeats a block of code, which saves a lot of typing when the same work is done many times over.
            Let's look at the for loop, the most common kind of loop in Python programs written by beginners and experts alike.
            Remember that the body of the loop is indented.
            """;

        var script = await Writer().EnhanceAsync(Lesson("Loops", text), CancellationToken.None);

        var points = script.Scenes.SelectMany(s => s.OnScreenText.Split('\n')).ToList();
        Assert.Equal(3, points.Count);
        Assert.All(points, p => Assert.InRange(p.Split(' ').Length, 1, 11));
        Assert.StartsWith("Learn how a loop repeats a block of code", points[0]);
        Assert.Equal("Look at the for loop", points[1]);
        Assert.Equal("The body of the loop is indented", points[2]);
    }

    [Fact]
    public async Task Japanese_lessons_split_into_sentences_and_points_at_full_width_stops()
    {
        const string text = "変数とは、値に名前を付けて保存しておくための箱のようなものです。関数は処理をまとめたものです。ループは同じ処理を何度も繰り返します。";

        var script = await Writer().EnhanceAsync(Lesson("変数と関数", text), CancellationToken.None);

        var points = script.Scenes.SelectMany(s => s.OnScreenText.Split('\n')).ToList();
        Assert.Equal(3, points.Count);
        Assert.Equal("変数とは、値に名前を付けて保存しておくための…", points[0]);
        Assert.Equal("関数は処理をまとめたものです", points[1]);
        Assert.All(points, p => Assert.InRange(p.Length, 1, 23));
    }

    [Fact]
    public async Task The_local_writer_says_once_that_it_cannot_follow_instructions_and_writes_the_same_script()
    {
        var logger = new RecordingLogger();
        var writer = new RuleBasedEnhancer(Options.Create(new LocalProviderOptions()), Options.Create(new WorkerOptions()), new Logger(logger));
        var lesson = Lesson("Loops", "A loop repeats work. It stops when its condition is false.");

        var without = await writer.EnhanceAsync(lesson, CancellationToken.None);
        var with = await writer.EnhanceAsync(lesson with { Instructions = "For children." }, CancellationToken.None);
        await writer.EnhanceAsync(lesson with { Instructions = "For children." }, CancellationToken.None);

        Assert.Equal(without.Scenes.Select(s => s.Narration), with.Scenes.Select(s => s.Narration));
        Assert.Equal(1, logger.Count("cannot follow instructions"));
    }

    private sealed class Logger(RecordingLogger inner) : ILogger<RuleBasedEnhancer>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}

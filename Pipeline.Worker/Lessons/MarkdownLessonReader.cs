using Markdig;
using Markdig.Syntax;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Lessons;

/// <summary>
/// Reads lesson markdown into its sections, passages and assets. Sections start at the lesson's top heading level below
/// its title; deeper headings are subheadings within them. A picture's caption or attribution (the short paragraph or
/// quote right after it) becomes the picture's caption; a paragraph that is only links (quiz, navigation) is dropped,
/// and so are sections whose heading names a quiz, an assignment or credits.
/// </summary>
public static class MarkdownLessonReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseAlertBlocks()
        .UseEmphasisExtras()
        .UseTaskLists()
        .Build();

    /// <param name="folder">Where relative paths of pictures start from; null leaves them as they are.</param>
    public static LessonDocument Read(string markdown, string? folder = null)
    {
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig gives up on absurdly nested input (thousands of emphasis markers in one paragraph): what it says is
            // still worth narrating as plain sentences.
            var sentences = MarkdownText.ToSentences(markdown);
            return new LessonDocument(null, sentences.Count == 0 ? [] : [new LessonSection("", [new Passage(PassageKind.Paragraph, sentences)], [])]);
        }

        var builder = new LessonDocumentBuilder(SectionLevel(document), folder);
        foreach (var block in document)
        {
            builder.Add(block);
        }

        return builder.Build();
    }

    // The first heading of level 1 names the lesson; sections start at the highest level used by the others.
    private static int SectionLevel(MarkdownDocument document)
    {
        var headings = document.OfType<HeadingBlock>().ToList();
        var others = headings.SkipWhile((h, i) => i == 0 && h.Level == 1).ToList();
        return others.Count == 0 ? 2 : others.Min(h => h.Level);
    }
}

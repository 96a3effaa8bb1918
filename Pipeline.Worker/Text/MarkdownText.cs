using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace VideoGen.Worker.Text;

/// <summary>
/// Turns lesson markdown into plain sentences fit to be spoken and shown: emphasis, links, headings and
/// list markers are dropped, and code blocks, tables and raw HTML are left out altogether.
/// </summary>
public static partial class MarkdownText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    [GeneratedRegex(@"https?://\S+|<[^>\n]{1,200}>")]
    private static partial Regex UrlsAndTags();

    // For text Markdig refuses: link targets, then the characters markdown uses for emphasis, code and headings.
    [GeneratedRegex(@"\]\([^)\s]*\)|[*_`#>|~\[\]]+")]
    private static partial Regex MarkdownSymbols();

    public static IReadOnlyList<string> ToSentences(string markdown)
    {
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig gives up on absurdly nested input (say, thousands of emphasis markers in one paragraph).
            var plain = Sentences.Normalize(MarkdownSymbols().Replace(UrlsAndTags().Replace(markdown, " "), " "));
            return plain.Any(char.IsLetterOrDigit) ? Sentences.Split(Sentences.Terminate(plain)) : [];
        }

        var sentences = new List<string>();
        foreach (var block in document.Descendants<LeafBlock>())
        {
            if (block is CodeBlock or HtmlBlock or ThematicBreakBlock or LinkReferenceDefinition || IsInTable(block) || block.Inline is null)
            {
                continue;
            }

            var text = new StringBuilder();
            AppendInlines(text, block.Inline);
            var plain = Sentences.Normalize(UrlsAndTags().Replace(text.ToString(), " "));
            if (plain.Any(char.IsLetterOrDigit))
            {
                sentences.AddRange(Sentences.Split(Sentences.Terminate(plain)));
            }
        }

        return sentences;
    }

    public static string ToPlainText(string markdown) => string.Join(' ', ToSentences(markdown));

    private static bool IsInTable(Block block)
    {
        for (var parent = block.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is Table)
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendInlines(StringBuilder text, ContainerInline container)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case AutolinkInline or HtmlInline:
                    break;
                case ContainerInline nested:
                    AppendInlines(text, nested);
                    break;
            }
        }
    }
}


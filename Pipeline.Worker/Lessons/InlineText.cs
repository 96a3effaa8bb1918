using System.Text;
using System.Text.RegularExpressions;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Lessons;

/// <summary>A paragraph's text as read aloud (emoji, addresses and tags dropped), its pictures, its links' texts, and what kind of text it is.</summary>
internal sealed partial record InlineText(
    string Text, IReadOnlyList<(string Source, string Alt)> Images, IReadOnlyList<string> Links, bool IsOnlyLinks, bool IsOnlyEmphasis, bool IsOnlyStrong)
{
    [GeneratedRegex(@"https?://\S+|<[^>\n]{1,200}>")]
    private static partial Regex UrlsAndTags();

    public static InlineText Of(ContainerInline container)
    {
        var text = new StringBuilder();
        var images = new List<(string, string)>();
        var links = new List<string>();
        var (letters, linkLetters, plainLetters, strongLetters) = (0, 0, 0, 0);
        Walk(container, inLink: false, emphasis: 0, strong: false);
        var plain = Sentences.Normalize(Sentences.WithoutEmoji(UrlsAndTags().Replace(text.ToString(), " ")));
        return new InlineText(plain, images, links, letters > 0 && linkLetters * 10 >= letters * 9, letters > 0 && plainLetters == 0, letters > 0 && strongLetters == letters);

        void Walk(ContainerInline parent, bool inLink, int emphasis, bool strong)
        {
            foreach (var inline in parent)
            {
                switch (inline)
                {
                    case LinkInline { IsImage: true } image:
                        // A picture inside a link is a badge or a video's thumbnail, not one of the lesson's figures.
                        if (!inLink)
                        {
                            images.Add((image.Url ?? "", AltText(image)));
                        }

                        break;
                    case LinkInline link:
                        var start = text.Length;
                        Walk(link, inLink: true, emphasis, strong);
                        links.Add(Sentences.Normalize(Sentences.WithoutEmoji(text.ToString(start, text.Length - start))));
                        break;
                    case LiteralInline literal:
                        Append(literal.Content.ToString());
                        break;
                    case CodeInline code:
                        Append(code.Content);
                        break;
                    case LineBreakInline:
                        text.Append(' ');
                        break;
                    case HtmlEntityInline entity:
                        Append(entity.Transcoded.ToString());
                        break;
                    case AutolinkInline or HtmlInline or TaskList:
                        break;
                    case EmphasisInline em:
                        Walk(em, inLink, emphasis + 1, strong || em.DelimiterCount >= 2);
                        break;
                    case ContainerInline nested:
                        Walk(nested, inLink, emphasis, strong);
                        break;
                }
            }

            void Append(string value)
            {
                text.Append(value);
                var count = value.Count(char.IsLetterOrDigit);
                letters += count;
                linkLetters += inLink ? count : 0;
                plainLetters += emphasis == 0 ? count : 0;
                strongLetters += strong ? count : 0;
            }
        }
    }

    private static string AltText(LinkInline image)
    {
        var alt = new StringBuilder();
        foreach (var literal in image.Descendants<LiteralInline>())
        {
            alt.Append(literal.Content.ToString());
        }

        return alt.ToString();
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Markdig.Extensions.Alerts;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Lessons;

/// <summary>
/// Builds a <see cref="LessonDocument"/> from markdown blocks in reading order: what each block is (a heading, a passage
/// of some kind, an asset, a caption, or nothing of the lesson's), and which section it belongs to.
/// </summary>
internal sealed partial class LessonDocumentBuilder(int sectionLevel, string? folder)
{
    private const int MaxCaptionWords = 30;
    private const int MaxLabelWords = 8;

    [GeneratedRegex(@"<img\b[^>]*?\bsrc\s*=\s*[""']([^""']+)[""'][^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlImage();

    [GeneratedRegex(@"\balt\s*=\s*[""']([^""']*)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlAlt();

    // GitHub's older callout spelling: a quote opening with a bold "Note" or "Tip".
    [GeneratedRegex(@"^\W{0,3}(?:note|tip|warning|important|caution|info)\b\W", RegexOptions.IgnoreCase)]
    private static partial Regex CalloutOpening();

    private readonly List<LessonSection> _sections = [];
    private readonly Dictionary<string, int> _counts = [];
    private string? _title;
    private string _heading = "";
    private List<Passage> _passages = [];
    private List<PlacedAsset> _assets = [];
    private bool _seenHeading;

    // Headings below the section's level that name a quiz or an assignment skip what they head, to the next heading
    // as high as theirs.
    private int? _skipBelow;

    // The picture just read, whose caption may follow; cleared by anything else.
    private ImageAsset? _lastImage;

    public void Add(Block block)
    {
        switch (block)
        {
            case HeadingBlock heading:
                AddHeading(heading);
                return;
            case ThematicBreakBlock or LinkReferenceDefinitionGroup or LinkReferenceDefinition:
                return;
        }

        if (_skipBelow is not null)
        {
            return;
        }

        switch (block)
        {
            case FencedCodeBlock fenced when fenced.Info?.Trim().Equals("mermaid", StringComparison.OrdinalIgnoreCase) == true:
                AddDiagram(fenced.Lines.ToString());
                break;
            case CodeBlock code:
                var text = code.Lines.ToString().TrimEnd();
                if (text.Any(c => !char.IsWhiteSpace(c)))
                {
                    AddAsset(new CodeAsset(NextId("code"), (code as FencedCodeBlock)?.Info?.Trim() ?? "", text));
                }

                break;
            case Table table:
                AddTable(table);
                break;
            case HtmlBlock html:
                AddHtml(html.Lines.ToString());
                break;
            case AlertBlock alert:
                AddQuote(alert, PassageKind.Callout);
                break;
            case QuoteBlock quote:
                AddQuote(quote, null);
                break;
            case ListBlock list:
                AddList(list);
                break;
            case ParagraphBlock paragraph:
                AddParagraph(paragraph, PassageKind.Paragraph);
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Add(child);
                }

                break;
        }
    }

    public LessonDocument Build()
    {
        CloseSection();
        return new LessonDocument(_title, _sections);
    }

    private void AddHeading(HeadingBlock heading)
    {
        var text = (heading.Inline is null ? "" : InlineText.Of(heading.Inline).Text).TrimEnd('.', ':', '：');
        _lastImage = null;
        if (!_seenHeading && heading.Level == 1 && _title is null)
        {
            _seenHeading = true;
            _title = text;
            return;
        }

        _seenHeading = true;
        if (heading.Level <= sectionLevel)
        {
            CloseSection();
            _heading = text;
            _skipBelow = NotContent.IsNonContentHeading(text) ? heading.Level : null;
            return;
        }

        if (_skipBelow is { } level && heading.Level > level)
        {
            return;
        }

        _skipBelow = NotContent.IsNonContentHeading(text) ? heading.Level : null;
        if (_skipBelow is null && text.Any(char.IsLetterOrDigit))
        {
            _passages.Add(new Passage(PassageKind.Subheading, [text]));
        }
    }

    private void CloseSection()
    {
        var section = new LessonSection(_heading, _passages, _assets);
        if (_skipBelow is null && section.HasContent)
        {
            _sections.Add(section);
        }

        (_passages, _assets, _lastImage) = ([], [], null);
    }

    private void AddParagraph(LeafBlock paragraph, PassageKind kind)
    {
        if (paragraph.Inline is null)
        {
            return;
        }

        var inline = InlineText.Of(paragraph.Inline);
        var captionOf = _lastImage;
        _lastImage = null;
        foreach (var (source, alt) in inline.Images)
        {
            AddImage(source, alt);
        }

        var text = inline.Text;
        if (!text.Any(char.IsLetterOrDigit) || inline.IsOnlyLinks)
        {
            // Only pictures (kept above), or only links: quiz, navigation, "next lesson".
            _lastImage = inline.Images.Count > 0 ? _lastImage : captionOf;
            return;
        }

        // A caption is the short emphasised line or quote right after a picture, or under it in the same paragraph.
        var captioned = inline.Images.Count > 0 ? _lastImage : captionOf;
        if (captioned is not null && (Sentences.CountWords(text) <= MaxCaptionWords && (inline.IsOnlyEmphasis || (kind == PassageKind.Quote && inline.Images.Count == 0)) || NotContent.IsAttribution(text)))
        {
            Caption(captioned, text);
            return;
        }

        if (NotContent.IsAttribution(text))
        {
            return;
        }

        if (inline.IsOnlyStrong && Sentences.CountWords(text) <= MaxLabelWords)
        {
            _passages.Add(new Passage(PassageKind.Label, [text.TrimEnd(':', '：')]));
            return;
        }

        var sentences = Sentences.Split(Sentences.Terminate(text));
        var statements = sentences.Where(s => !NotContent.IsLeadIn(s)).ToList();
        if (statements.Count > 0)
        {
            _passages.Add(new Passage(kind, statements) { Links = inline.Links });
        }

        if (statements.Count < sentences.Count)
        {
            _passages.Add(new Passage(PassageKind.LeadIn, sentences.Where(NotContent.IsLeadIn).ToList()));
        }
    }

    private void AddList(ListBlock list)
    {
        _lastImage = null;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            foreach (var child in item)
            {
                if (child is ParagraphBlock paragraph)
                {
                    AddParagraph(paragraph, PassageKind.ListItem);
                }
                else
                {
                    Add(child);
                }
            }
        }
    }

    private void AddQuote(QuoteBlock quote, PassageKind? kind)
    {
        var captionOf = _lastImage;
        var first = quote.OfType<ParagraphBlock>().FirstOrDefault();
        kind ??= first?.Inline is { } inline && CalloutOpening().IsMatch(InlineText.Of(inline).Text) ? PassageKind.Callout : PassageKind.Quote;
        foreach (var child in quote)
        {
            if (child is ParagraphBlock paragraph)
            {
                _lastImage = captionOf;
                AddParagraph(paragraph, kind.Value);
                captionOf = null;
            }
            else
            {
                Add(child);
            }
        }
    }

    private void AddTable(Table table)
    {
        _lastImage = null;
        var rows = table.OfType<TableRow>()
            .Select(row => (row.IsHeader, Cells: (IReadOnlyList<string>)row.OfType<TableCell>().Select(CellText).ToList()))
            .Where(r => r.Cells.Count > 0)
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var header = rows[0].IsHeader ? rows[0].Cells : [];
        var body = rows.Skip(rows[0].IsHeader ? 1 : 0).Select(r => r.Cells).Where(r => r.Any(c => c.Length > 0)).ToList();
        if (body.Count > 0 || header.Count > 0)
        {
            AddAsset(new TableAsset(NextId("table"), header, body));
        }
    }

    private static string CellText(TableCell cell) =>
        Sentences.Normalize(string.Join(' ', cell.OfType<LeafBlock>().Select(b => b.Inline is null ? "" : InlineText.Of(b.Inline).Text)));

    private void AddDiagram(string source)
    {
        _lastImage = null;
        // The type is the first word after any front matter (---, config, ---) and %% comments.
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).SkipWhile(l => l.Length == 0);
        var kind = SkipFrontMatter(lines)
            .FirstOrDefault(l => l.Length > 0 && !l.StartsWith("%%", StringComparison.Ordinal))?
            .Split(' ', 2)[0] ?? "";
        if (kind.Length > 0)
        {
            AddAsset(new DiagramAsset(NextId("diagram"), kind, source.TrimEnd()));
        }
    }

    private void AddHtml(string html)
    {
        var images = HtmlImage().Matches(html);
        foreach (Match image in images)
        {
            var alt = HtmlAlt().Match(image.Value) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";
            AddImage(WebUtility.HtmlDecode(image.Groups[1].Value), alt);
        }

        if (images.Count == 0)
        {
            _lastImage = null;
        }
    }

    private void AddImage(string source, string alt)
    {
        // Badges and tracking pixels are not a lesson's pictures.
        if (source.Length == 0 || source.Contains("shields.io", StringComparison.OrdinalIgnoreCase) || source.Contains("badge", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var image = new ImageAsset(NextId("image"), Locate(source), Sentences.Normalize(alt), null);
        AddAsset(image);
        _lastImage = image;
    }

    private string Locate(string source)
    {
        if (folder is null || source.Contains("://", StringComparison.Ordinal) || source.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return source;
        }

        var path = Uri.UnescapeDataString(source.Split('#', '?')[0]);
        return Path.GetFullPath(Path.Combine(folder, path));
    }

    private void Caption(ImageAsset image, string caption)
    {
        var index = _assets.FindIndex(a => ReferenceEquals(a.Asset, image));
        if (index >= 0)
        {
            _assets[index] = _assets[index] with { Asset = image with { Caption = caption } };
        }
    }

    private void AddAsset(LessonAsset asset)
    {
        _lastImage = null;
        _assets.Add(new PlacedAsset(asset, _passages.Count));
    }

    private string NextId(string kind)
    {
        var count = _counts.GetValueOrDefault(kind) + 1;
        _counts[kind] = count;
        return $"{kind}-{count}";
    }

    private static IEnumerable<string> SkipFrontMatter(IEnumerable<string> lines)
    {
        var inFrontMatter = false;
        var first = true;
        foreach (var line in lines)
        {
            if (first && line == "---")
            {
                (inFrontMatter, first) = (true, false);
                continue;
            }

            first = false;
            if (inFrontMatter)
            {
                inFrontMatter = line != "---";
                continue;
            }

            yield return line;
        }
    }
}

namespace VideoGen.Worker.Lessons;

/// <summary>
/// A lesson as its author structured it: sections under their headings, each with what is said (passages) and what
/// is shown (assets). Links, quiz and navigation lines, image captions and attributions are neither.
/// </summary>
/// <param name="Title">The document's own first-level heading, if it has one; it names the lesson and is not a section.</param>
public sealed record LessonDocument(string? Title, IReadOnlyList<LessonSection> Sections)
{
    public IEnumerable<LessonAsset> Assets => Sections.SelectMany(s => s.Assets).Select(a => a.Asset);

    public int WordCount => Sections.Sum(s => s.WordCount);
}

/// <param name="Heading">Plain text; empty for what comes before the first heading.</param>
public sealed record LessonSection(string Heading, IReadOnlyList<Passage> Passages, IReadOnlyList<PlacedAsset> Assets)
{
    /// <summary>The words a narrator could read: lead-ins and labels do not count.</summary>
    public int WordCount => Passages.Where(p => p.IsNarrated).Sum(p => p.Sentences.Sum(Text.Sentences.CountWords));

    public bool HasContent => WordCount > 0 || Assets.Count > 0;
}

public enum PassageKind
{
    Paragraph,
    ListItem,
    Quote,

    /// <summary>A note, tip or warning the author set apart.</summary>
    Callout,

    /// <summary>A heading below the section's level.</summary>
    Subheading,

    /// <summary>A sentence that only announces what follows ("Here's what this code does:"): not worth saying without it.</summary>
    LeadIn,

    /// <summary>A few bold words standing alone ("Food for thought"): a label, not a statement.</summary>
    Label,
}

public sealed record Passage(PassageKind Kind, IReadOnlyList<string> Sentences)
{
    /// <summary>The texts of the passage's links: words that point elsewhere, never a key point by themselves.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    public bool IsNarrated => Narrates(Kind);

    /// <summary>Whether text of this kind is said: lead-ins, labels and subheadings are not.</summary>
    public static bool Narrates(PassageKind kind) => kind is PassageKind.Paragraph or PassageKind.ListItem or PassageKind.Quote or PassageKind.Callout;
}

/// <param name="AfterPassage">How many of the section's passages come before the asset.</param>
public sealed record PlacedAsset(LessonAsset Asset, int AfterPassage);

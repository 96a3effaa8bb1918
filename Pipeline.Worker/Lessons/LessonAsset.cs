namespace VideoGen.Worker.Lessons;

/// <summary>Something a lesson shows rather than says: a table, a diagram, a picture or a piece of code.</summary>
/// <param name="Id">Stable within the lesson and readable, such as <c>table-1</c>: the script names assets by it.</param>
public abstract record LessonAsset(string Id)
{
    /// <summary>What the asset is, in a few words, for a script writer that cannot see it.</summary>
    public abstract string Describe();
}

public sealed record TableAsset(string Id, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : LessonAsset(Id)
{
    public override string Describe() =>
        $"a table of {Rows.Count} rows; columns: {string.Join(", ", Header)}; first row: {string.Join(", ", Rows.FirstOrDefault() ?? [])}";
}

/// <param name="Kind">The diagram's type as mermaid names it on its first line: <c>flowchart</c>, <c>sequenceDiagram</c>, <c>pie</c>...</param>
public sealed record DiagramAsset(string Id, string Kind, string Source) : LessonAsset(Id)
{
    public override string Describe() => $"a {Kind} diagram: {string.Join(' ', Source.Split('\n').Skip(1).Take(6).Select(l => l.Trim()))}";
}

/// <param name="Source">As the lesson gives it: a path relative to the lesson's catalog, or an http(s) address.</param>
public sealed record ImageAsset(string Id, string Source, string Alt, string? Caption) : LessonAsset(Id)
{
    public override string Describe() => $"a picture: {(Alt.Length > 0 ? Alt : Path.GetFileName(Source))}{(Caption is null ? "" : $" ({Caption})")}";
}

public sealed record CodeAsset(string Id, string Language, string Text) : LessonAsset(Id)
{
    public override string Describe() => $"{(Language.Length > 0 ? Language : "a")} code sample: {Text.Split('\n')[0].Trim()}";
}

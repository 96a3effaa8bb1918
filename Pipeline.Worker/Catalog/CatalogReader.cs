namespace VideoGen.Worker.Catalog;

/// <summary>Reads a catalog file (JSON or CSV) into lessons, each checked for what would stop it being made.</summary>
public static class CatalogReader
{
    public static async Task<IReadOnlyList<Lesson>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CatalogFormatException($"{path}: catalog file not found");
        }

        IReadOnlyList<Lesson> lessons;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            lessons = await IsJson(path, stream)
                ? await JsonCatalogParser.ParseAsync(path, stream, cancellationToken)
                : CsvCatalogParser.Parse(path, stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CatalogFormatException($"{path}: cannot read the catalog: {ex.Message}", ex);
        }

        if (lessons.Count == 0)
        {
            throw new CatalogFormatException($"{path}: the catalog has no lessons");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return LessonValidator.Validate(lessons.Select(l => l with { Folder = folder }).ToList());
    }

    private static async Task<bool> IsJson(string path, FileStream stream)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Any other name: look at the first character that is not white space or a byte order mark.
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        stream.Position = 0;
        var first = System.Text.Encoding.UTF8.GetString(buffer, 0, read).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return first.StartsWith('{');
    }
}

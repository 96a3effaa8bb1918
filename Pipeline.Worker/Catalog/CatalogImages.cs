namespace VideoGen.Worker.Catalog;

/// <summary>Where a lesson's image is: the catalog names it relative to its own folder.</summary>
internal static class CatalogImages
{
    public static string? Resolve(string catalogPath, string? image) =>
        string.IsNullOrWhiteSpace(image)
            ? null
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(catalogPath))!, image.Trim()));
}

namespace VideoGen.Worker.Slides;

/// <summary>The pictures a lesson's slides show beside their key points (diagrams drawn, images fetched), by asset id.</summary>
public sealed record AssetPictures(IReadOnlyDictionary<string, string> Paths, IReadOnlyList<string> Warnings)
{
    public static readonly AssetPictures None = new(new Dictionary<string, string>(), []);

    public string? PathOf(string assetId) => Paths.GetValueOrDefault(assetId);
}

using Microsoft.Extensions.Options;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Vertex;

/// <summary>
/// Cloud Storage, where Veo leaves videos when it answers with a <c>gs://</c> URI; same credentials as Vertex, its own
/// endpoint (<c>Vertex:StorageBaseUrl</c>), so that a private Vertex endpoint does not take the downloads with it.
/// </summary>
public sealed class CloudStorageClient(HttpClient http, IOptions<VertexOptions> options)
{
    public async Task<byte[]> DownloadAsync(string gcsUri, CancellationToken cancellationToken)
    {
        var path = gcsUri.StartsWith("gs://", StringComparison.Ordinal) ? gcsUri[5..] : throw StageException.Permanent($"not a gs:// URI: {gcsUri}");
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw StageException.Permanent($"no object name in {gcsUri}");
        }

        var (bucket, name) = (path[..slash], path[(slash + 1)..]);
        var baseUrl = options.Value.StorageBaseUrl;
        var storage = string.IsNullOrWhiteSpace(baseUrl) ? "https://storage.googleapis.com/" : baseUrl.TrimEnd('/') + "/";
        var uri = new Uri($"{storage}storage/v1/b/{Uri.EscapeDataString(bucket)}/o/{Uri.EscapeDataString(name)}?alt=media");
        using var response = await http.GetAsync(uri, cancellationToken);
        await VertexClient.EnsureSuccessAsync(response, "storage download", cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }
}

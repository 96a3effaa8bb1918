using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Cloud Storage, where Veo leaves videos when it answers with a <c>gs://</c> URI; same credentials as Vertex, its own
/// endpoint (<c>Vertex:StorageBaseUrl</c>), so that a private Vertex endpoint does not take the downloads with it.
/// </summary>
public sealed class CloudStorageClient(HttpClient http, IOptions<GoogleAIOptions> options)
{
    public async Task<byte[]> DownloadAsync(string gcsUri, CancellationToken cancellationToken)
    {
        var (bucket, name) = Split(gcsUri);
        if (name.Length == 0)
        {
            throw StageException.Permanent($"no object name in {gcsUri}");
        }

        var uri = new Uri($"{StorageHost}storage/v1/b/{Uri.EscapeDataString(bucket)}/o/{Uri.EscapeDataString(name)}?alt=media");
        using var response = await http.GetAsync(uri, cancellationToken);
        await GenAIClient.EnsureSuccessAsync(response, "storage download", cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Writes a file to <paramref name="gcsUri"/> (a simple upload, replacing any object of that name).</summary>
    public async Task UploadAsync(string path, string gcsUri, string contentType, CancellationToken cancellationToken)
    {
        var (bucket, name) = Split(gcsUri);
        var uri = new Uri($"{StorageHost}upload/storage/v1/b/{Uri.EscapeDataString(bucket)}/o?uploadType=media&name={Uri.EscapeDataString(name)}");
        // Bytes, not a stream: a retried request must be able to send its body again.
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(path, cancellationToken));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await http.PostAsync(uri, content, cancellationToken);
        await GenAIClient.EnsureSuccessAsync(response, "storage upload", cancellationToken);
    }

    /// <summary>The <c>gs://</c> URIs of the objects under a folder (the first page of the listing: a clip's folder holds one or a few).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string gcsFolder, CancellationToken cancellationToken)
    {
        var (bucket, prefix) = Split(gcsFolder);
        var uri = new Uri($"{StorageHost}storage/v1/b/{Uri.EscapeDataString(bucket)}/o?prefix={Uri.EscapeDataString(prefix)}");
        using var response = await http.GetAsync(uri, cancellationToken);
        await GenAIClient.EnsureSuccessAsync(response, "storage listing", cancellationToken);
        var page = await response.Content.ReadFromJsonAsync<StorageObjects>(GoogleAIJson.Options, cancellationToken);
        return [.. (page?.Items ?? []).Select(item => $"gs://{bucket}/{item.Name}")];
    }

    private string StorageHost => string.IsNullOrWhiteSpace(options.Value.StorageBaseUrl)
        ? "https://storage.googleapis.com/"
        : options.Value.StorageBaseUrl.TrimEnd('/') + "/";

    private static (string Bucket, string Name) Split(string gcsUri)
    {
        var path = gcsUri.StartsWith("gs://", StringComparison.Ordinal) ? gcsUri[5..] : throw StageException.Permanent($"not a gs:// URI: {gcsUri}");
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? (path, "") : (path[..slash], path[(slash + 1)..]);
    }
}

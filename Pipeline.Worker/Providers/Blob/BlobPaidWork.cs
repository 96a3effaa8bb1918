using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Media;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Blob;

/// <summary>
/// Paid work in the videos' container, under <c>.paid/&lt;kind&gt;/&lt;course&gt;/&lt;lesson&gt;/&lt;version&gt;/</c>
/// (no course id starts with a dot, so nothing there is taken for a video), shared by every replica and outliving any
/// one of them. The worker's scratch folder holds the copies it works with: a file is uploaded as soon as it is kept,
/// and fetched when this machine does not have it.
/// </summary>
public sealed class BlobPaidWork(
    BlobServiceClient service, IOptions<BlobStoreOptions> options, IOptions<WorkerOptions> worker, ILogger<BlobPaidWork> logger) : IPaidWork
{
    public const string Prefix = ".paid/";

    private readonly BlobContainerClient _container = service.GetBlobContainerClient(options.Value.Container);
    private readonly FolderPaidWork _local = new(Path.GetFullPath(worker.Value.Output));

    public async Task<string?> FindAsync(string kind, LessonVersion version, string name, CancellationToken cancellationToken)
    {
        if (await _local.FindAsync(kind, version, name, cancellationToken) is { } local)
        {
            return local;
        }

        var download = _local.TemporaryPath(kind, version, name);
        try
        {
            await _container.GetBlobClient(BlobName(kind, version, name)).DownloadToAsync(download, cancellationToken);
            return await _local.KeepAsync(kind, version, name, download, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex)
        {
            // Not a reason to pay again: the lesson waits for the store instead.
            throw StageException.Transient($"could not fetch the kept {kind} {BlobName(kind, version, name)} from blob container '{_container.Name}': {ex.Status} {ex.ErrorCode}", ex, "storage");
        }
        finally
        {
            File.Delete(download);
        }
    }

    public string TemporaryPath(string kind, LessonVersion version, string name) => _local.TemporaryPath(kind, version, name);

    public async Task<string> KeepAsync(string kind, LessonVersion version, string name, string file, CancellationToken cancellationToken)
    {
        var kept = await _local.KeepAsync(kind, version, name, file, cancellationToken);
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await _container.GetBlobClient(BlobName(kind, version, name)).UploadAsync(kept, overwrite: true, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            // What was paid for is in hand: the lesson goes on with this machine's copy, which another replica cannot see.
            logger.LogWarning("The {Kind} {Name} is kept on this machine only: uploading it to blob container '{Container}' failed ({Status} {Error})",
                kind, BlobName(kind, version, name), _container.Name, ex.Status, ex.ErrorCode);
        }

        return kept;
    }

    public async Task DeleteOtherVersionsAsync(string kind, LessonVersion keep, CancellationToken cancellationToken)
    {
        await _local.DeleteOtherVersionsAsync(kind, keep, cancellationToken);
        var lessonPrefix = LessonPrefix(kind, keep);
        var thisVersion = $"{lessonPrefix}{keep.Content}/";
        try
        {
            await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = lessonPrefix }, cancellationToken))
            {
                if (!blob.Name.StartsWith(thisVersion, StringComparison.Ordinal))
                {
                    await _container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status != 404)
        {
            // Old versions cost storage, not money twice: they go with the lesson's next release.
            logger.LogWarning("Could not delete {Lesson}'s earlier {Kind} from blob container '{Container}': {Status} {Error}",
                keep.Lesson, kind, _container.Name, ex.Status, ex.ErrorCode);
        }
        catch (RequestFailedException)
        {
        }
    }

    public async Task ReleaseAsync(string kind, LessonVersion keep, CancellationToken cancellationToken)
    {
        await DeleteOtherVersionsAsync(kind, keep, cancellationToken);
        // The container keeps them; a replica's scratch space does not have to. A file whose upload failed is sent once
        // more, and kept here if that fails too: it may be the only copy of something paid for.
        foreach (var (name, path) in _local.FilesOf(kind, keep))
        {
            try
            {
                var blob = _container.GetBlobClient(BlobName(kind, keep, name));
                if (!(await blob.ExistsAsync(cancellationToken)).Value)
                {
                    await blob.UploadAsync(path, overwrite: true, cancellationToken);
                }

                File.Delete(path);
            }
            catch (RequestFailedException ex)
            {
                logger.LogWarning("The {Kind} {Name} stays on this machine only: the container could not take it ({Status} {Error})",
                    kind, BlobName(kind, keep, name), ex.Status, ex.ErrorCode);
            }
        }
    }

    private static string LessonPrefix(string kind, LessonVersion version) => $"{Prefix}{kind}/{version.Lesson.CourseId}/{version.Lesson.LessonId}/";

    private static string BlobName(string kind, LessonVersion version, string name) => $"{LessonPrefix(kind, version)}{version.Content}/{name}";
}

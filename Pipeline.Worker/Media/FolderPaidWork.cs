using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Media;

/// <summary>
/// Paid work in the output folder, one hidden folder per kind (<c>.clips</c>, <c>.shots</c>, <c>.presenter</c>), each
/// file named by its lesson and version. A file is written under a temporary name and renamed, so a crash never leaves
/// half a file that looks whole. With the folder store, this is where the videos are too; with the blob store, this is
/// the machine's copy of what is kept in the container.
/// </summary>
public sealed class FolderPaidWork(string root) : IPaidWork
{
    public FolderPaidWork(IOptions<WorkerOptions> options)
        : this(Path.GetFullPath(options.Value.Output))
    {
    }

    public Task<string?> FindAsync(string kind, LessonVersion version, string name, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(PathOf(kind, version, name)) ? PathOf(kind, version, name) : null);

    public string TemporaryPath(string kind, LessonVersion version, string name)
    {
        Directory.CreateDirectory(Folder(kind));
        return $"{PathOf(kind, version, name)}.{Guid.NewGuid():N}.partial{Path.GetExtension(name)}";
    }

    public Task<string> KeepAsync(string kind, LessonVersion version, string name, string file, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder(kind));
        var path = PathOf(kind, version, name);
        File.Move(file, path, overwrite: true);
        return Task.FromResult(path);
    }

    public Task DeleteOtherVersionsAsync(string kind, LessonVersion keep, CancellationToken cancellationToken)
    {
        VersionedFiles.DeleteOtherVersions(Folder(kind), keep);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string kind, LessonVersion keep, CancellationToken cancellationToken) =>
        DeleteOtherVersionsAsync(kind, keep, cancellationToken);

    /// <summary>The kept files of one version of a lesson, by their names within it (temporary files left out).</summary>
    public IEnumerable<(string Name, string Path)> FilesOf(string kind, LessonVersion version)
    {
        var prefix = Path.GetFileName(PathOf(kind, version, ""));
        return Directory.Exists(Folder(kind))
            ? Directory.EnumerateFiles(Folder(kind), prefix + "*")
                .Where(path => !path.Contains(".partial", StringComparison.Ordinal))
                .Select(path => (Path.GetFileName(path)[prefix.Length..], path))
                .ToList()
            : [];
    }

    private string Folder(string kind) => Path.Combine(root, "." + kind);

    private string PathOf(string kind, LessonVersion version, string name) => VersionedFiles.PathOf(Folder(kind), version, name);
}

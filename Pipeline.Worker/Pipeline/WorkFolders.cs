using System.Diagnostics;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// Temporary folders for lessons being made, inside the output folder (so finished files can be renamed into
/// place) under <c>.work/&lt;run&gt;</c>. A run removes its own folder at the end and those of runs whose
/// process is gone.
/// </summary>
public sealed class WorkFolders
{
    public const string FolderName = ".work";

    private readonly string _runFolder;

    public WorkFolders(string output, TimeProvider time)
    {
        Root = Path.Combine(Path.GetFullPath(output), FolderName);
        _runFolder = Path.Combine(Root, $"{time.GetUtcNow():yyyyMMddTHHmmss}-{Environment.ProcessId}");
    }

    public string Root { get; }

    public DirectoryInfo For(Catalog.LessonKey lesson) =>
        Directory.CreateDirectory(Path.Combine(_runFolder, lesson.FlatName));

    /// <summary>Best effort: a folder that cannot be removed now is removed with its run's folder later.</summary>
    public static void Delete(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes the folders of runs whose process no longer exists.</summary>
    public void RemoveAbandoned()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (var folder in new DirectoryInfo(Root).EnumerateDirectories())
        {
            var pid = folder.Name.Split('-').LastOrDefault();
            if (int.TryParse(pid, out var id) && !IsRunning(id))
            {
                Delete(folder);
            }
        }
    }

    public void RemoveOwn()
    {
        Delete(new DirectoryInfo(_runFolder));
        if (Directory.Exists(Root) && !Directory.EnumerateFileSystemEntries(Root).Any())
        {
            Directory.Delete(Root);
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

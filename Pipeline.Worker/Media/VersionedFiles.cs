using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Media;

/// <summary>
/// Files kept per version of a lesson, side by side in one folder (<c>&lt;course&gt;__&lt;lesson&gt;__&lt;version&gt;__name</c>),
/// so an unchanged lesson made again finds them and an edited one's are cleared away once it is stored.
/// </summary>
public static class VersionedFiles
{
    public static string PathOf(string folder, LessonVersion version, string name) =>
        Path.Combine(folder, $"{version.Lesson.FlatName}__{version.Content}__{name}");

    /// <summary>Deletes the lesson's files of every version but this one.</summary>
    public static void DeleteOtherVersions(string folder, LessonVersion keep)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, $"{keep.Lesson.FlatName}__*"))
        {
            if (!Path.GetFileName(file).StartsWith($"{keep.Lesson.FlatName}__{keep.Content}__", StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }
    }
}

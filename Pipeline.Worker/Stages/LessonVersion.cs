using System.Security.Cryptography;
using System.Text;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Stages;

/// <summary>
/// A lesson as its text stands: the lesson, and a fingerprint of its course title, title, text and instructions (not of any
/// setting). Paid generations are kept per version, so an unchanged lesson made again reuses them and an edited one
/// gets new ones.
/// </summary>
/// <param name="Image">The lesson's picture (a full path), where the catalog gives one.</param>
public readonly record struct LessonVersion(LessonKey Lesson, string Content, string? Image = null)
{
    // A lesson without instructions keeps the fingerprint it had before catalogs could give them.
    public static LessonVersion Of(Lesson lesson) =>
        new(lesson.Key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\u001f', lesson.Instructions is null
                ? ["content/1", lesson.CourseTitle, lesson.Title, lesson.Text]
                : ["content/1", lesson.CourseTitle, lesson.Title, lesson.Text, "instructions", lesson.Instructions]))))[..16], lesson.Image);

    public override string ToString() => $"{Lesson}@{Content}";
}

using System.Security.Cryptography;
using System.Text;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Stages;

/// <summary>
/// A lesson as its text stands: the lesson, and a fingerprint of its course title, title and text (not of any
/// setting). Paid generations are kept per version, so an unchanged lesson made again reuses them and an edited one
/// gets new ones.
/// </summary>
/// <param name="Image">The lesson's picture (a full path), where the catalog gives one.</param>
public readonly record struct LessonVersion(LessonKey Lesson, string Content, string? Image = null)
{
    public static LessonVersion Of(Lesson lesson) =>
        new(lesson.Key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\u001f', "content/1", lesson.CourseTitle, lesson.Title, lesson.Text))))[..16], lesson.Image);

    public override string ToString() => $"{Lesson}@{Content}";
}

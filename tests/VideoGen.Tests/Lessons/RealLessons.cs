using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.Local;

namespace VideoGen.Tests.Lessons;

/// <summary>
/// Lessons of Microsoft's "Web Development for Beginners" (MIT licence, see TestData/courses/web-dev-for-beginners), as
/// they are: long markdown with mermaid diagrams, tables, sketchnotes, quizzes and links, in English and translated.
/// </summary>
public static class RealLessons
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "courses", "web-dev-for-beginners");

    public static readonly string[] Files =
        ["intro-programming.en.md", "intro-programming.es.md", "intro-programming.ja.md", "intro-programming.ar.md", "data-types.en.md", "chat-project.en.md"];

    public static Lesson Read(string file, string title = "")
    {
        var language = file.Split('.')[^2];
        return new Lesson("web-dev", "Web Development for Beginners", file.Split('.')[0], title, File.ReadAllText(Path.Combine(Folder, file)), file, Language: language)
        {
            Folder = Folder,
        };
    }

    public static RuleBasedEnhancer Writer(string length = "standard") =>
        new(Options.Create(new LocalProviderOptions()), Options.Create(new WorkerOptions { Length = length }));
}

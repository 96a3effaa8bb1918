using System.Text;
using VideoGen.Tests.Support;
using VideoGen.Worker.Catalog;

namespace VideoGen.Tests.Catalog;

public sealed class CatalogReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<IReadOnlyList<Lesson>> Read(string name, string content) =>
        CatalogReader.ReadAsync(_folder.File(name, content), CancellationToken.None);

    private async Task<string> ReadFails(string name, string content) =>
        (await Assert.ThrowsAsync<CatalogFormatException>(() => Read(name, content))).Message;

    [Fact]
    public async Task Json_catalog_gives_lessons_with_their_course()
    {
        var lessons = await Read("c.json", """
            {"courses":[
              {"id":"py","title":"Python","lessons":[{"id":"l1","title":"One","text":"First."},{"id":"l2","title":"Two","text":"Second."}]},
              {"id":"stats","title":"Stats","lessons":[{"id":"l1","title":"Mean","text":"Average."}]}
            ]}
            """);

        Assert.Equal(3, lessons.Count);
        Assert.All(lessons, l => Assert.True(l.IsValid));
        Assert.Equal(new LessonKey("stats", "l1"), lessons[2].Key);
        Assert.Equal("Stats", lessons[2].CourseTitle);
        Assert.Equal("$.courses[0].lessons[1]", lessons[1].Location);
    }

    [Fact]
    public async Task Instructions_of_the_catalog_its_courses_and_lessons_add_up_most_particular_last_and_the_fingerprint_follows()
    {
        var lessons = await Read("c.json", """
            {"instructions":"For adult beginners.","courses":[
              {"id":"py","title":"Python","instructions":"Stress readable code.","lessons":[
                {"id":"l1","title":"One","text":"First.","instructions":"Mention PEP 8."},
                {"id":"l2","title":"Two","text":"Second.","instructions":"   "}]},
              {"id":"stats","title":"Stats","lessons":[{"id":"l1","title":"Mean","text":"Average."}]}
            ]}
            """);
        var csv = await Read("c.csv", "courseId,courseTitle,lessonId,lessonTitle,text,instructions\npy,Python,l1,One,First.,Keep it short.\npy,Python,l2,Two,Second.,\n");

        Assert.Equal(["For adult beginners.\nStress readable code.\nMention PEP 8.", "For adult beginners.\nStress readable code.", "For adult beginners."], lessons.Select(l => l.Instructions));
        Assert.Equal(["Keep it short.", null], csv.Select(l => l.Instructions));

        // Without instructions a lesson keeps its fingerprint; with them it gets another.
        var plain = lessons[0] with { Instructions = null };
        Assert.Equal(Worker.Stages.LessonVersion.Of(plain), Worker.Stages.LessonVersion.Of(plain with { Location = "elsewhere" }));
        Assert.NotEqual(Worker.Stages.LessonVersion.Of(plain), Worker.Stages.LessonVersion.Of(lessons[0]));
    }

    [Fact]
    public async Task A_lessons_image_is_found_beside_the_catalog_and_a_bad_one_fails_only_that_lesson_naming_the_path()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "pictures"));
        await Tool.RunAsync("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240", "-frames:v", "1", Path.Combine(_folder.Path, "pictures", "owl.png"));
        _folder.File("pictures/notes.png", "these are notes, not a picture");
        var json = await Read("images.json", """
            {"courses":[{"id":"birds","title":"Birds","lessons":[
              {"id":"owls","title":"Owls","text":"Owls.","image":"pictures/owl.png"},
              {"id":"crows","title":"Crows","text":"Crows.","image":"pictures/crow.png"},
              {"id":"wrens","title":"Wrens","text":"Wrens.","image":"pictures/notes.png"},
              {"id":"larks","title":"Larks","text":"Larks."}
            ]}]}
            """);
        var csv = await Read("images.csv", "courseId,courseTitle,lessonId,lessonTitle,text,image\nbirds,Birds,owls,Owls,Owls.,pictures/owl.png\nbirds,Birds,larks,Larks,Larks.,\n");

        Assert.Equal(Path.Combine(_folder.Path, "pictures", "owl.png"), json[0].Image);
        Assert.True(json[0].IsValid);
        Assert.Equal($"its image {Path.Combine(_folder.Path, "pictures", "crow.png")} cannot be used: no such file", json[1].Problem);
        Assert.StartsWith($"its image {Path.Combine(_folder.Path, "pictures", "notes.png")} cannot be used: not a PNG, JPEG or WebP picture", json[2].Problem);
        Assert.True(json[3].IsValid);
        Assert.Null(json[3].Image);
        Assert.Equal([Path.Combine(_folder.Path, "pictures", "owl.png"), null], csv.Select(l => l.Image));
    }

    [Fact]
    public async Task A_language_given_for_a_course_applies_to_its_lessons_unless_a_lesson_gives_its_own()
    {
        var json = await Read("languages.json", """
            {"courses":[{"id":"python","title":"Python","language":"fr","lessons":[
              {"id":"loops","title":"Boucles","text":"Une boucle répète."},
              {"id":"lists","title":"Listas","text":"Una lista.","language":"es"}]},
             {"id":"go","title":"Go","lessons":[{"id":"maps","title":"Maps","text":"A map.","language":"  "}]}]}
            """);
        var csv = await Read("languages.csv", "courseId,courseTitle,lessonId,lessonTitle,text,language\npython,Python,loops,Loops,A loop.,ja\npython,Python,lists,Lists,A list.,\n");

        Assert.Equal(["fr", "es", null], json.Select(l => l.Language));
        Assert.Equal(["ja", null], csv.Select(l => l.Language));
    }

    [Fact]
    public async Task Csv_catalog_handles_quoted_commas_newlines_and_a_byte_order_mark()
    {
        var csv = "\uFEFFcourseId,courseTitle,lessonId,lessonTitle,text\r\n" +
                  "py,Python,l1,\"Lists, tuples\",\"Line one,\nline \"\"two\"\".\"\r\n" +
                  "py,Python,l2,Dicts,Plain text\r\n";
        var lessons = await Read("c.csv", csv);

        Assert.Equal(2, lessons.Count);
        Assert.Equal("Lists, tuples", lessons[0].Title);
        Assert.Equal("Line one,\nline \"two\".", lessons[0].Text);
        Assert.Equal("py", lessons[0].CourseId);
        Assert.Equal("line 4", lessons[1].Location);
    }

    [Fact]
    public async Task Truncated_json_names_the_file_and_line()
    {
        var message = await ReadFails("bad.json", "{\"courses\":[\n{\"id\":\"a\",\n\"lessons\":[{\"id\":\"x\"");

        Assert.Contains("bad.json", message);
        Assert.Contains("line 3", message);
    }

    [Fact]
    public async Task Wrong_type_names_the_field()
    {
        var message = await ReadFails("types.json", "{\"courses\":[{\"id\":\"a\",\"lessons\":[{\"id\":\"x\",\"text\":42}]}]}");

        Assert.Contains("$.courses[0].lessons[0].text", message);
        Assert.Contains("line 1", message);
    }

    [Fact]
    public async Task Json_without_courses_is_rejected_with_the_expected_shape()
    {
        var message = await ReadFails("empty.json", "{\"lessons\":[]}");

        Assert.Contains("\"courses\"", message);
    }

    [Fact]
    public async Task Catalog_without_lessons_is_rejected()
    {
        Assert.Contains("no lessons", await ReadFails("none.json", "{\"courses\":[]}"));
    }

    [Fact]
    public async Task Missing_file_is_rejected()
    {
        var error = await Assert.ThrowsAsync<CatalogFormatException>(
            () => CatalogReader.ReadAsync(System.IO.Path.Combine(_folder.Path, "nope.json"), CancellationToken.None));

        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public async Task Csv_with_an_unterminated_quote_is_rejected_with_its_line()
    {
        var message = await ReadFails("q.csv",
            "courseId,courseTitle,lessonId,lessonTitle,text\npy,Python,l1,One,ok\npy,Python,l2,Two,\"never closed\npy,Python,l3,Three,x\n");

        Assert.Contains("q.csv", message);
        Assert.Contains("line", message);
    }

    [Fact]
    public async Task Csv_with_a_missing_column_names_it()
    {
        var message = await ReadFails("h.csv", "courseId,courseTitle,lessonId,text\npy,Python,l1,x\n");

        Assert.Contains("lessonTitle", message);
        Assert.Contains("line 1", message);
    }

    [Fact]
    public async Task Csv_row_with_too_few_fields_is_rejected_with_its_line()
    {
        var message = await ReadFails("f.csv", "courseId,courseTitle,lessonId,lessonTitle,text\npy,Python,l1,One,ok\npy,Python,l2\n");

        Assert.Contains("line 3", message);
    }

    [Theory]
    [InlineData("..", "lesson id")]
    [InlineData("../x", "lesson id")]
    [InlineData("/abs", "lesson id")]
    [InlineData("CON", "reserved")]
    [InlineData("con.txt", "reserved")]
    [InlineData("a\u0000b", "\\u0000")]
    [InlineData("tab\there", "\\u0009")]
    [InlineData("with space", "not a safe file name")]
    [InlineData("trailing.", "ends with")]
    [InlineData("", "missing")]
    public async Task Unsafe_lesson_ids_fail_that_lesson_only(string id, string reason)
    {
        var json = "{\"courses\":[{\"id\":\"c\",\"lessons\":[" +
                   $"{{\"id\":{System.Text.Json.JsonSerializer.Serialize(id)},\"title\":\"Bad\"}}," +
                   "{\"id\":\"good\",\"title\":\"Good\"}]}]}";
        var lessons = await Read("ids.json", json);

        Assert.False(lessons[0].IsValid);
        Assert.Contains(reason, lessons[0].Problem);
        Assert.True(lessons[1].IsValid);
    }

    [Fact]
    public async Task Json_with_a_byte_order_mark_is_read()
    {
        var lessons = await Read("bom.json", "\uFEFF{\"courses\":[{\"id\":\"c\",\"lessons\":[{\"id\":\"a\",\"title\":\"T\"}]}]}");

        Assert.True(Assert.Single(lessons).IsValid);
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("cafe\u0301")]
    [InlineData("\u0430pple")]
    public async Task Ids_that_could_look_alike_after_unicode_normalisation_are_rejected(string id)
    {
        var lessons = await Read("unicode.json", $"{{\"courses\":[{{\"id\":\"c\",\"lessons\":[{{\"id\":{System.Text.Json.JsonSerializer.Serialize(id)},\"title\":\"T\"}}]}}]}}");

        Assert.Contains("not a safe file name", lessons[0].Problem);
    }

    [Fact]
    public async Task Very_long_ids_are_rejected()
    {
        var id = new string('a', 300);
        var lessons = await Read("long.json", $"{{\"courses\":[{{\"id\":\"c\",\"lessons\":[{{\"id\":\"{id}\",\"title\":\"T\"}}]}}]}}");

        Assert.Contains("300 characters", lessons[0].Problem);
    }

    [Fact]
    public async Task Unsafe_course_id_fails_its_lessons()
    {
        var lessons = await Read("course.json", "{\"courses\":[{\"id\":\"../etc\",\"lessons\":[{\"id\":\"a\",\"title\":\"T\"}]}]}");

        Assert.StartsWith("course id", lessons[0].Problem);
    }

    [Fact]
    public async Task Duplicate_ids_in_a_course_fail_the_later_lesson_even_when_only_case_differs()
    {
        var lessons = await Read("dup.json", """
            {"courses":[{"id":"c","lessons":[
              {"id":"intro","title":"A"},{"id":"Intro","title":"B"},{"id":"other","title":"C"}]},
             {"id":"d","lessons":[{"id":"intro","title":"Same id, other course"}]}]}
            """);

        Assert.True(lessons[0].IsValid);
        Assert.Contains("duplicate lesson id", lessons[1].Problem);
        Assert.Contains("$.courses[0].lessons[0]", lessons[1].Problem);
        Assert.True(lessons[2].IsValid);
        Assert.True(lessons[3].IsValid);
    }

    [Fact]
    public async Task Lesson_with_neither_title_nor_text_fails()
    {
        var lessons = await Read("empty.csv", "courseId,courseTitle,lessonId,lessonTitle,text\nc,C,a,,\nc,C,b,Title only,\nc,C,c,,Text only\n");

        Assert.Contains("neither a title nor a text", lessons[0].Problem);
        Assert.True(lessons[1].IsValid);
        Assert.True(lessons[2].IsValid);
    }

    [Fact]
    public async Task Null_lesson_fails_that_lesson()
    {
        var lessons = await Read("null.json", "{\"courses\":[{\"id\":\"c\",\"lessons\":[null,{\"id\":\"b\",\"title\":\"T\"}]}]}");

        Assert.Contains("null", lessons[0].Problem);
        Assert.True(lessons[1].IsValid);
    }

    [Fact]
    public async Task A_lesson_of_20_megabytes_is_read()
    {
        var text = new StringBuilder().Insert(0, "Word after word. ", 1_200_000).ToString();
        var lessons = await Read("big.json", $"{{\"courses\":[{{\"id\":\"c\",\"lessons\":[{{\"id\":\"big\",\"title\":\"Big\",\"text\":\"{text}\"}}]}}]}}");

        Assert.True(lessons[0].Text.Length > 20_000_000);
    }
}

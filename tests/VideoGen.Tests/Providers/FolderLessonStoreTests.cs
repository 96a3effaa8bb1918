using Microsoft.Extensions.Options;
using VideoGen.Tests.Support;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Stages;

namespace VideoGen.Tests.Providers;

/// <summary>The output folder as the store, and the record it keeps beside each video.</summary>
public sealed class FolderLessonStoreTests : IDisposable
{
    private static readonly LessonKey Lesson = new("python", "loops");
    private static readonly StoredRecord Made = new("0123456789abcdef0123456789abcdef", "fedcba9876543210", DateTimeOffset.Parse("2026-12-04T10:00:00Z"));

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private FolderLessonStore Store() => new(Options.Create(new WorkerOptions { Output = Path.Combine(_folder.Path, "out") }));

    private RenderedVideo Rendered()
    {
        var work = Directory.CreateDirectory(Path.Combine(_folder.Path, "out", ".work", Guid.NewGuid().ToString("N"))).FullName;
        return new RenderedVideo(Write(work, "v.mp4"), Write(work, "t.jpg"), Write(work, "s.vtt"));

        static string Write(string folder, string name)
        {
            File.WriteAllText(Path.Combine(folder, name), name);
            return Path.Combine(folder, name);
        }
    }

    [Fact]
    public async Task The_record_lies_beside_the_video_and_is_listed_with_it()
    {
        var store = Store();
        await store.StoreAsync(Lesson, Rendered(), Made, CancellationToken.None);

        var listed = await store.ListAsync([Lesson, new LessonKey("python", "lists"), new LessonKey("rust", "loops")], CancellationToken.None);

        Assert.Equal([Lesson], listed.Keys);
        Assert.Equal(Made, listed[Lesson].Record);
        Assert.Equal(Path.Combine("python", "loops.mp4"), listed[Lesson].Path);
        Assert.Equal(["loops.jpg", "loops.json", "loops.mp4", "loops.vtt"],
            Directory.EnumerateFiles(Path.Combine(_folder.Path, "out", "python")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_damaged_record_is_no_record_and_a_record_without_its_video_is_no_video()
    {
        var store = Store();
        await store.StoreAsync(Lesson, Rendered(), Made, CancellationToken.None);
        var lists = new LessonKey("python", "lists");
        await store.StoreAsync(lists, Rendered(), Made, CancellationToken.None);
        File.WriteAllText(Path.Combine(_folder.Path, "out", "python", "loops.json"), "{\"fingerprint\": 12");
        File.Delete(Path.Combine(_folder.Path, "out", "python", "lists.mp4"));

        var listed = await store.ListAsync([Lesson, lists], CancellationToken.None);

        Assert.Equal([Lesson], listed.Keys);
        Assert.Null(listed[Lesson].Record);
    }

    [Fact]
    public async Task Storing_again_replaces_the_record()
    {
        var store = Store();
        await store.StoreAsync(Lesson, Rendered(), Made, CancellationToken.None);
        var remade = Made with { Fingerprint = "ffffffffffffffffffffffffffffffff", MadeAt = Made.MadeAt.AddDays(1) };

        await store.StoreAsync(Lesson, Rendered(), remade, CancellationToken.None);

        Assert.Equal(remade, (await store.ListAsync([Lesson], CancellationToken.None))[Lesson].Record);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder.Path, "out", "python"), "*.partial"));
    }
}

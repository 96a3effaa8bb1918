using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Vertex;

/// <summary>One scene's clip of one version of a lesson: what paid clips and their operations are kept by.</summary>
/// <param name="Scene">The scene, from 0.</param>
public readonly record struct ClipId(LessonVersion Version, int Scene)
{
    public LessonKey Lesson => Version.Lesson;

    /// <summary>The clip's field in the lesson's operation ledger.</summary>
    public string Field => $"{Version.Content}:{Scene}";

    /// <summary>The clip's file name in the clip cache, beside those of other lessons.</summary>
    public string FileName => $"{Version.Lesson.FlatName}__{Version.Content}__{Scene}.mp4";

    public override string ToString() => $"{Lesson} scene {Scene + 1}";
}

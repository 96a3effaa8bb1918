using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>One scene's clip of one version of a lesson: what paid clips and their operations are kept by.</summary>
/// <param name="Scene">The scene, from 0.</param>
/// <param name="Take">0 for the first clip; a clip made again after review gets the next number.</param>
public readonly record struct ClipId(LessonVersion Version, int Scene, int Take = 0)
{
    public LessonKey Lesson => Version.Lesson;

    /// <summary>The clip's field in the lesson's operation ledger.</summary>
    public string Field => Take == 0 ? $"{Version.Content}:{Scene}" : $"{Version.Content}:{Scene}:{Take}";

    /// <summary>The clip's name among its lesson version's kept clips.</summary>
    public string Name => Take == 0 ? $"{Scene}.mp4" : $"{Scene}-{Take}.mp4";

    public override string ToString() => Take == 0 ? $"{Lesson} scene {Scene + 1}" : $"{Lesson} scene {Scene + 1} (take {Take + 1})";
}

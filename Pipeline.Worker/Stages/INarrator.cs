namespace VideoGen.Worker.Stages;

/// <summary>The narrate stage: speaks a script into one WAV file.</summary>
public interface INarrator
{
    /// <summary>Everything in this narrator's settings that changes its output; part of each lesson's fingerprint.</summary>
    string Settings { get; }

    Task<Narration> NarrateAsync(LessonScript script, DirectoryInfo workFolder, CancellationToken cancellationToken);
}

using VideoGen.Worker.Stages;


namespace VideoGen.Worker.Media;

/// <summary>
/// Joins separately spoken parts (the title, then each scene) into one WAV with a pause between them, and
/// records where each part starts so slides and subtitles can follow the voice.
/// </summary>
public static class NarrationAssembler
{
    public static Narration Assemble(IReadOnlyList<(string Text, WavFile Audio)> parts, TimeSpan pause, string folder)
    {
        var silence = parts[0].Audio.Silence(pause);
        var joined = new List<WavFile>();
        var segments = new List<NarrationSegment>();
        var start = TimeSpan.Zero;
        for (var i = 0; i < parts.Count; i++)
        {
            // Each segment owns the pause after it, so slides change when the next part starts speaking.
            var withPause = i < parts.Count - 1 ? new[] { parts[i].Audio, silence } : new[] { parts[i].Audio };
            joined.AddRange(withPause);
            var duration = withPause.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);
            segments.Add(new NarrationSegment(parts[i].Text, start, duration));
            start += duration;
        }

        var narration = WavFile.Concat(joined);
        var path = Path.Combine(folder, "narration.wav");
        narration.Write(path);
        return new Narration(path, segments, narration.Duration);
    }
}

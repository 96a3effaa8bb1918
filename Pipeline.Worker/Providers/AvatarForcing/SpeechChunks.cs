using VideoGen.Worker.Media;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.AvatarForcing;

/// <summary>A stretch of the narration sent to AvatarForcing as one job.</summary>
public readonly record struct SpeechChunk(TimeSpan Start, TimeSpan Duration)
{
    public TimeSpan End => Start + Duration;
}

/// <summary>
/// Splits the narration into chunks of at most the longest speech AvatarForcing takes (30 s): at the start of a scene
/// where one falls inside the limit (the latest such), else, inside a long scene, at its quietest moment in the last
/// third before the limit: the pause after a sentence. The chunks cover the narration without gap or overlap, so the
/// clips joined again stay in step with it.
/// </summary>
public static class SpeechChunks
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);

    // No chunk is left shorter than this: a sliver of sound is no job for the model, nor a frame of video.
    private static readonly TimeSpan MinChunk = TimeSpan.FromSeconds(1);

    public static IReadOnlyList<SpeechChunk> Split(Narration narration, TimeSpan max)
    {
        var chunks = new List<SpeechChunk>();
        var boundaries = narration.Segments.Skip(1).Select(s => s.Start).ToList();
        Lazy<WavFile> wav = new(() => WavFile.Read(narration.WavPath));
        var start = TimeSpan.Zero;
        while (narration.Duration - start > max)
        {
            // Short of the end by at least the shortest chunk, so the last one is never a sliver.
            var limit = start + max < narration.Duration - MinChunk ? start + max : narration.Duration - MinChunk;
            var atScene = boundaries.Where(b => b > start + TimeSpan.FromSeconds(1) && b <= limit).DefaultIfEmpty(TimeSpan.Zero).Max();
            var end = atScene > TimeSpan.Zero ? atScene : Quietest(wav.Value, limit - max / 3, limit);
            chunks.Add(new SpeechChunk(start, end - start));
            start = end;
        }

        chunks.Add(new SpeechChunk(start, narration.Duration - start));
        return chunks;
    }

    /// <summary>The middle of the quietest 50 ms window between two times.</summary>
    private static TimeSpan Quietest(WavFile wav, TimeSpan from, TimeSpan to)
    {
        var perWindow = (int)(wav.SampleRate * Window.TotalSeconds);
        var (best, bestEnergy) = (to - Window, double.MaxValue);
        for (var at = from; at + Window <= to; at += Window / 2)
        {
            var first = (int)(at.TotalSeconds * wav.SampleRate);
            double energy = 0;
            for (var i = first; i < first + perWindow && (i + 1) * wav.BlockAlign <= wav.Data.Length; i++)
            {
                var value = BitConverter.ToInt16(wav.Data, i * wav.BlockAlign);
                energy += value * (double)value;
            }

            if (energy < bestEnergy)
            {
                (best, bestEnergy) = (at, energy);
            }
        }

        // Cut on a whole sample, so the chunks add up to the narration exactly.
        var sample = Math.Round((best + Window / 2).TotalSeconds * wav.SampleRate);
        return TimeSpan.FromSeconds(sample / wav.SampleRate);
    }
}

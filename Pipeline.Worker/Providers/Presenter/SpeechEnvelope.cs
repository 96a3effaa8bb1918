using VideoGen.Worker.Media;

namespace VideoGen.Worker.Providers.Presenter;

/// <summary>
/// How loud the narration is in each video frame, from 0 (silence) to 1 (as loud as its loud parts usually are): what
/// opens the presenter's mouth.
/// </summary>
public static class SpeechEnvelope
{
    // Below this (about -40 dBFS) a frame is silence, whatever the recording's level.
    private const double SilenceFloor = 0.01;

    public static double[] Read(string wavPath, int framesPerSecond)
    {
        var wav = WavFile.Read(wavPath);
        if (wav.BitsPerSample != 16)
        {
            throw new InvalidDataException($"{wavPath}: the presenter reads 16-bit narration, not {wav.BitsPerSample}-bit");
        }

        var samplesPerFrame = wav.SampleRate / (double)framesPerSecond;
        var samples = wav.Data.Length / wav.BlockAlign;
        var frames = (int)Math.Ceiling(samples / samplesPerFrame);
        var rms = new double[frames];
        for (var frame = 0; frame < frames; frame++)
        {
            var (from, to) = ((int)(frame * samplesPerFrame), Math.Min(samples, (int)((frame + 1) * samplesPerFrame)));
            double sum = 0;
            for (var i = from; i < to; i++)
            {
                for (var channel = 0; channel < wav.Channels; channel++)
                {
                    var value = BitConverter.ToInt16(wav.Data, i * wav.BlockAlign + channel * 2) / 32768.0;
                    sum += value * value;
                }
            }

            rms[frame] = to > from ? Math.Sqrt(sum / ((to - from) * wav.Channels)) : 0;
        }

        var voiced = rms.Where(r => r > SilenceFloor).Order().ToArray();
        if (voiced.Length == 0)
        {
            return new double[frames];
        }

        // The 90th percentile of the voiced frames is "loud": a few peaks do not leave the rest of the speech mumbled.
        var loud = voiced[(int)(0.9 * (voiced.Length - 1))];
        var floor = Math.Max(SilenceFloor, 0.08 * loud);
        return [.. rms.Select(r => r <= floor ? 0 : Math.Clamp((r - floor) / (loud - floor), 0, 1))];
    }
}

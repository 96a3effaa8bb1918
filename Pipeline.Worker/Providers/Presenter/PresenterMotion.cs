namespace VideoGen.Worker.Providers.Presenter;

/// <summary>The presenter in one frame: how far the mouth is open, whether the eyes blink, and where the head is.</summary>
/// <param name="Mouth">0 closed to 1 wide open.</param>
/// <param name="Dx">Head offset, as a share of the picture's size.</param>
/// <param name="Tilt">Head tilt in degrees.</param>
public readonly record struct PresenterPose(float Mouth, bool EyesClosed, float Dx, float Dy, float Tilt);

/// <summary>
/// Turns the narration's loudness into the presenter's poses: the mouth follows the loudness frame by frame; while
/// speaking, the head sways a little and the eyes blink every few seconds; within half a second of silence it all
/// settles, and in silence nothing moves.
/// </summary>
public static class PresenterMotion
{
    private const int BlinkFrames = 4;
    private const int BlinkEvery = 100;

    public static PresenterPose[] Poses(double[] loudness, int framesPerSecond)
    {
        var poses = new PresenterPose[loudness.Length];
        double mouth = 0, speaking = 0;
        var nextBlink = BlinkEvery / 2;
        var blinkUntil = -1;
        for (var i = 0; i < loudness.Length; i++)
        {
            // Opens at once, closes over a couple of frames: no flicker between syllables.
            mouth = Math.Max(loudness[i], mouth * 0.55);
            speaking += ((loudness[i] > 0 ? 1 : 0) - speaking) * (loudness[i] > 0 ? 0.2 : 0.15);
            if (speaking < 0.02)
            {
                speaking = 0;
            }

            if (i >= nextBlink && speaking > 0.5)
            {
                blinkUntil = i + BlinkFrames;
                // Not a metronome: the gap varies between about 2.5 and 4 s.
                nextBlink = i + BlinkEvery - 25 + (i * 37 % 50);
            }

            var t = i / (double)framesPerSecond;
            poses[i] = new PresenterPose(
                mouth < 0.04 ? 0 : (float)mouth,
                i < blinkUntil,
                (float)(speaking * 0.012 * Math.Sin(2 * Math.PI * t / 3.1)),
                (float)(speaking * 0.008 * Math.Sin(2 * Math.PI * t / 2.3 + 1)),
                (float)(speaking * 1.5 * Math.Sin(2 * Math.PI * t / 4.7)));
        }

        return poses;
    }
}

using System.Runtime.InteropServices;
using VideoGen.Worker.Stages;

namespace VideoGen.Bench;

/// <summary>
/// The render stage as CPU work of the measured size, divided by the time scale like every other wait: the thread spins
/// until it has used that much CPU time itself, so when compositions and the rest of the process compete for the cores,
/// each takes longer, as ffmpeg would.
/// </summary>
internal sealed partial class ScaledComposition(TimeSpan cpu) : IRenderer
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public string Settings => "bench-composition";

    public Task<RenderedVideo> RenderAsync(
        LessonScript script, Narration narration, LessonFootage footage, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var end = ThreadCpuTime() + cpu;
        while (ThreadCpuTime() < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Thread.SpinWait(200);
        }

        return Task.FromResult(new RenderedVideo(
            footage.Clips.FirstOrDefault()?.Path ?? "", "", "", footage.LostClips.Count == 0 ? null : footage.LostClips));
    }

    private static TimeSpan ThreadCpuTime()
    {
        if (clock_gettime(ThreadCpuClock, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

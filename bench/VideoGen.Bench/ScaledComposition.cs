using VideoGen.Worker.Stages;

namespace VideoGen.Bench;

/// <summary>
/// The render stage as the measured composition, scaled like every other wait, on a machine of its own: each worker
/// has as many cores as this one, a composition keeps one of them busy for the CPU time ffmpeg really used, and
/// compositions beyond the cores wait for one. Modelled rather than spun, so that the benchmark's own work (the
/// emulator, every request answered in-process) does not eat into the worker's cores as it would not in production.
/// </summary>
internal sealed class ScaledComposition(TimeSpan cpu, TimeProvider time) : IRenderer
{
    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount);

    public string Settings => "bench-composition";

    public async Task<RenderedVideo> RenderAsync(
        LessonScript script, Narration narration, LessonFootage footage, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        await _cores.WaitAsync(cancellationToken);
        try
        {
            await Task.Delay(cpu, time, cancellationToken);
        }
        finally
        {
            _cores.Release();
        }

        return new RenderedVideo(footage.Clips.FirstOrDefault()?.Path ?? "", "", "", footage.LostClips.Count == 0 ? null : footage.LostClips);
    }
}

using VideoGen.Worker.Providers.GpuJobs;

namespace VideoGen.Worker.Providers.NeoVerse;

public sealed class NeoVerseOptionsValidator()
    : GpuJobServerOptionsValidator<NeoVerseOptions>("--camera neoverse", "a NeoVerse server", NeoVerseOptions.Section);

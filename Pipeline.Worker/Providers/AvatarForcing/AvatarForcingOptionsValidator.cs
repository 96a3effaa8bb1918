using VideoGen.Worker.Providers.GpuJobs;

namespace VideoGen.Worker.Providers.AvatarForcing;

public sealed class AvatarForcingOptionsValidator()
    : GpuJobServerOptionsValidator<AvatarForcingOptions>("--presenter avatarforcing", "an AvatarForcing server", AvatarForcingOptions.Section);

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.AvatarForcing;
using VideoGen.Worker.Providers.Presenter;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Hosting;

public static class PresenterServices
{
    /// <summary>The presenter chosen with <c>--presenter</c>: none, drawn locally, or AvatarForcing's with the local one to fall back on.</summary>
    public static IHostApplicationBuilder AddPresenter(this IHostApplicationBuilder builder)
    {
        var presenter = builder.Configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Presenter)}"] ?? WorkerOptions.PresenterOff;
        if (presenter is not (WorkerOptions.PresenterLocal or WorkerOptions.PresenterAvatarForcing))
        {
            builder.Services.AddSingleton<IPresenter, NoPresenter>();
            return builder;
        }

        builder.Services
            .AddValidatedOptions<PresenterOptions, PresenterOptionsValidator>(PresenterOptions.Section)
            .AddSingleton<LocalPresenter>();
        if (presenter == WorkerOptions.PresenterLocal)
        {
            builder.Services.AddSingleton<IPresenter>(provider => provider.GetRequiredService<LocalPresenter>());
            return builder;
        }

        builder.Services
            .AddValidatedOptions<AvatarForcingOptions, AvatarForcingOptionsValidator>(AvatarForcingOptions.Section)
            .AddGpuJobServer<AvatarForcingOptions>(AvatarForcingOptions.Server)
            .AddSingleton<IPresenter, AvatarForcingPresenter>();
        return builder;
    }
}

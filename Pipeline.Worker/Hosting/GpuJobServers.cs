using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Providers.GpuJobs;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.NeoVerse;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Hosting;

public static class GpuJobServers
{
    /// <summary>
    /// The NeoVerse camera over the provider's footage: its clips are made as before, then every scene is re-rendered
    /// by the NeoVerse server.
    /// </summary>
    public static IServiceCollection AddNeoVerseCamera(this IServiceCollection services)
    {
        services.AddValidatedOptions<NeoVerseOptions, NeoVerseOptionsValidator>(NeoVerseOptions.Section);
        services.AddGpuJobServer<NeoVerseOptions>(NeoVerseOptions.Server);
        services.TryAddSingleton<ShotFitter>();

        var provider = services.Last(d => d.ServiceType == typeof(IFootageSource));
        var providerType = provider.ImplementationType
            ?? throw new InvalidOperationException("The provider's footage source must be registered by its type to be filmed by NeoVerse.");
        services.Remove(provider);
        services.AddSingleton<IFootageSource>(scope =>
            ActivatorUtilities.CreateInstance<NeoVerseCamera>(scope, (IFootageSource)ActivatorUtilities.CreateInstance(scope, providerType)));
        return services;
    }

    /// <summary>
    /// A named HTTP client for one GPU job server: its address, its time limit per request and its token. No automatic
    /// retries here: the job runner knows which answers may be tried again and keeps jobs from being started twice.
    /// </summary>
    internal static IServiceCollection AddGpuJobServer<TOptions>(this IServiceCollection services, string name)
        where TOptions : GpuJobServerOptions
    {
        services.TryAddSingleton<GpuJobRunner>();
        services.AddHttpClient(name, (scope, http) =>
        {
            var options = scope.GetRequiredService<IOptions<TOptions>>().Value;
            http.BaseAddress = new Uri(options.Url!.TrimEnd('/') + "/");
            http.Timeout = options.RequestTimeout;
            if (!string.IsNullOrEmpty(options.Token))
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
            }
        });
        return services;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Batch;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.Blob;
using VideoGen.Worker.Providers.GoogleAI;
using VideoGen.Worker.Service;

namespace VideoGen.Worker.Hosting;

/// <summary>
/// The worker's host: a plain host for a run that makes one catalog and exits, a web application for the service
/// mode (it answers health probes over HTTP). Settings files live beside the program; relative paths on the command
/// line are the caller's.
/// </summary>
public sealed class WorkerHost(IHost host, bool service, WorkerOptions worker)
{
    public static IHostApplicationBuilder CreateBuilder(IReadOnlyList<KeyValuePair<string, string?>> settings)
    {
        var early = new ConfigurationManager();
        early.AddEnvironmentVariables().AddInMemoryCollection(settings);
        IHostApplicationBuilder builder = IsService(early)
            ? WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory })
            : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    /// <summary>What the worker cannot start without and options validation cannot see: where Redis and the blob store are.</summary>
    public static string? MissingConnection(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(LedgerServices.RedisConnectionName)))
        {
            return "no Redis given: pass --redis <host:port> or set ConnectionStrings__redis";
        }

        return configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Store)}"] == WorkerOptions.BlobStore &&
               string.IsNullOrWhiteSpace(configuration.GetConnectionString(BlobStoreOptions.ConnectionName))
            ? "the blob store needs a storage account: set ConnectionStrings__blobs"
            : null;
    }

    /// <summary>Every service of the worker, in the order a lesson meets them.</summary>
    public static WorkerHost Build(IHostApplicationBuilder builder)
    {
        var service = IsService(builder.Configuration);
        builder.AddServiceDefaults();
        builder.AddLedger();
        builder.AddStageProviders();
        builder.AddPresenter();
        builder.Services.AddLessonPipeline();
        builder.AddCatalogRuns();
        if (service)
        {
            builder.Services.AddCatalogService();
        }

        IHost host = builder switch
        {
            WebApplicationBuilder web => web.Build(),
            HostApplicationBuilder plain => plain.Build(),
            _ => throw new InvalidOperationException($"unexpected host builder {builder.GetType()}"),
        };
        if (host is WebApplication app)
        {
            app.MapDefaultEndpoints();
        }

        var worker = new WorkerOptions();
        builder.Configuration.GetSection(WorkerOptions.Section).Bind(worker);
        return new WorkerHost(host, service, worker);
    }

    /// <summary>Starts the host (options are validated here), then makes the catalog, or serves until stopped.</summary>
    public async Task<int> RunAsync()
    {
        using (host)
        {
            try
            {
                await host.StartAsync();
            }
            catch (Exception ex) when (InvalidSettings(ex) is { Count: > 0 } failures)
            {
                Console.Error.WriteLine($"error: invalid configuration: {string.Join(" ", failures)}");
                return ExitCodes.CannotStart;
            }

            if (GoogleAIOptions.MovedSettings(host.Services.GetRequiredService<IConfiguration>()) is { Count: > 0 } moved)
            {
                Console.Error.WriteLine(
                    $"warning: {string.Join(", ", moved.Select(key => $"{GoogleAIOptions.VertexSection}:{key}"))} now {(moved.Count == 1 ? "is" : "are")} " +
                    $"{string.Join(", ", moved.Select(key => $"{GoogleAIOptions.Section}:{key}"))}: both Google providers read {(moved.Count == 1 ? "it" : "them")}. " +
                    "The old names still work.");
            }

            if (worker.Presenter == WorkerOptions.PresenterAvatarForcing)
            {
                Console.Error.WriteLine(
                    "warning: the AvatarForcing model is licensed CC BY-NC 4.0: non-commercial use only. Do not use its videos commercially " +
                    "(--presenter local draws a presenter without it).");
            }

            if (service)
            {
                await host.WaitForShutdownAsync();
                return ExitCodes.Success;
            }

            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var exitCode = await host.Services.GetRequiredService<CatalogRun>().RunAsync(stopping);
            await host.StopAsync();
            return exitCode;
        }
    }

    private static bool IsService(IConfiguration configuration) =>
        string.Equals(configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Mode)}"], WorkerOptions.Service, StringComparison.OrdinalIgnoreCase);

    // Start-up validation throws one exception per invalid options class, several together when several are invalid (one
    // missing setting can invalidate two): each failure is said once.
    private static IReadOnlyList<string> InvalidSettings(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Distinct()],
        _ => [],
    };
}

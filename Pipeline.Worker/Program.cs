using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Batch;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Hosting;
using VideoGen.Worker.Providers.Blob;
using VideoGen.Worker.Service;

IEnumerable<KeyValuePair<string, string?>> settings;
try
{
    // As with any command line, a setting given twice takes its last value.
    settings = WorkerCommandLine.Parse(args).GroupBy(setting => setting.Key, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()).ToList();
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}\n{WorkerCommandLine.Usage}");
    return ExitCodes.CannotStart;
}

// Settings files live beside the program; relative paths on the command line are the caller's. The service mode
// answers health probes over HTTP, so it is a web application; a run-once worker opens no port.
var hostSettings = new ConfigurationManager();
hostSettings.AddEnvironmentVariables().AddInMemoryCollection(settings);
var service = string.Equals(hostSettings[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Mode)}"], WorkerOptions.Service, StringComparison.OrdinalIgnoreCase);
IHostApplicationBuilder builder = service
    ? WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory })
    : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddInMemoryCollection(settings);

if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(LedgerServices.RedisConnectionName)))
{
    Console.Error.WriteLine("error: no Redis given: pass --redis <host:port> or set ConnectionStrings__redis");
    return ExitCodes.CannotStart;
}

if (builder.Configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Store)}"] == WorkerOptions.BlobStore &&
    string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(BlobStoreOptions.ConnectionName)))
{
    Console.Error.WriteLine("error: the blob store needs a storage account: set ConnectionStrings__blobs");
    return ExitCodes.CannotStart;
}

if (builder.Configuration[$"{WorkerOptions.Section}:Enqueue"] is { Length: > 0 } enqueue)
{
    return await CatalogCommands.EnqueueAsync(enqueue, builder.Configuration.GetConnectionString(LedgerServices.RedisConnectionName)!);
}

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

using var host = service ? ((WebApplicationBuilder)builder).Build() : ((HostApplicationBuilder)builder).Build();
if (host is WebApplication web)
{
    web.MapDefaultEndpoints();
}

try
{
    await host.StartAsync();
}
catch (Exception ex) when (InvalidSettings(ex) is { Count: > 0 } failures)
{
    Console.Error.WriteLine($"error: invalid configuration: {string.Join(" ", failures)}");
    return ExitCodes.CannotStart;
}

if (builder.Configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Presenter)}"] == WorkerOptions.PresenterAvatarForcing)
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

// Start-up validation throws one exception per invalid options class, several together when several are invalid (one
// missing setting can invalidate two): each failure is said once.
static IReadOnlyList<string> InvalidSettings(Exception exception) => exception switch
{
    OptionsValidationException invalid => [.. invalid.Failures],
    AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
        [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Distinct()],
    _ => [],
};

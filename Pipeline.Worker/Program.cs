using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VideoGen.Worker;

// Settings files live beside the program; relative paths on the command line are the caller's.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
try
{
    // As with any command line, a setting given twice takes its last value.
    builder.Configuration.AddInMemoryCollection(
        WorkerCommandLine.Parse(args).GroupBy(setting => setting.Key, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()).ToList());
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}\n{WorkerCommandLine.Usage}");
    return ExitCodes.CannotStart;
}

if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(WorkerServices.RedisConnectionName)))
{
    Console.Error.WriteLine("error: no Redis given: pass --redis <host:port> or set ConnectionStrings__redis");
    return ExitCodes.CannotStart;
}

builder.AddServiceDefaults();
builder.AddPipelineWorker();

using var host = builder.Build();
try
{
    await host.StartAsync();
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine($"error: invalid configuration: {string.Join(" ", ex.Failures)}");
    return ExitCodes.CannotStart;
}

var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
var exitCode = await host.Services.GetRequiredService<BatchRunner>().RunAsync(stopping);
await host.StopAsync();
return exitCode;

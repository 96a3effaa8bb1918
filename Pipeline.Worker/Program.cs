using Microsoft.Extensions.Configuration;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Hosting;
using VideoGen.Worker.Service;

var commandLine = WorkerCommandLine.Parse(args, Console.Out, Console.Error);
if (commandLine.ExitCode is { } exit)
{
    return exit;
}

var builder = WorkerHost.CreateBuilder(commandLine.Settings);
if (WorkerHost.MissingConnection(builder.Configuration) is { } missing)
{
    Console.Error.WriteLine($"error: {missing}");
    return ExitCodes.CannotStart;
}

if (builder.Configuration[$"{WorkerOptions.Section}:Enqueue"] is { Length: > 0 } catalog)
{
    return await CatalogCommands.EnqueueAsync(catalog, builder.Configuration.GetConnectionString(LedgerServices.RedisConnectionName)!);
}

return await WorkerHost.Build(builder).RunAsync();

using StackExchange.Redis;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;

namespace VideoGen.Worker.Service;

/// <summary>The small command that feeds the service: checks a catalog file and puts it in the queue.</summary>
public static class CatalogCommands
{
    public static async Task<int> EnqueueAsync(string file, string redisConnection)
    {
        IReadOnlyList<Lesson> lessons;
        try
        {
            // Read it here first, so a broken file is reported to whoever queues it, not to a service log.
            lessons = await CatalogReader.ReadAsync(file, CancellationToken.None);
        }
        catch (Exception ex) when (ex is CatalogFormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.CannotStart;
        }

        try
        {
            var options = ConfigurationOptions.Parse(redisConnection);
            options.ConnectTimeout = 3000;
            options.AbortOnConnectFail = true;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            var waiting = await new CatalogQueue(redis).EnqueueAsync(
                new QueuedCatalog(Path.GetFileName(file), await File.ReadAllTextAsync(file), DateTimeOffset.UtcNow));
            Console.Out.WriteLine($"Queued {file} ({lessons.Count} lessons); {waiting} catalogs waiting.");
            return ExitCodes.Success;
        }
        catch (RedisConnectionException)
        {
            Console.Error.WriteLine($"error: Redis at {string.Join(", ", ConfigurationOptions.Parse(redisConnection).EndPoints)} is not answering");
            return ExitCodes.CannotStart;
        }
    }
}

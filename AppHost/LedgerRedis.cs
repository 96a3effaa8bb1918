using Microsoft.Extensions.Configuration;

namespace VideoGen.AppHost;

public static class LedgerRedis
{
    /// <summary>
    /// Redis for the worker's ledger, in the first form that can run here: the connection string the user
    /// gave (<c>ConnectionStrings:redis</c>); a container when publishing or when a container runtime answers;
    /// otherwise the machine's own <c>redis-server</c>.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLedgerRedis(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
        {
            return builder.AddConnectionString(name);
        }

        if (builder.ExecutionContext.IsPublishMode || ContainerRuntime.Answers(builder.Configuration))
        {
            return builder.AddRedis(name).WithDataVolume().WithAppendOnlyFile();
        }

        return builder.AddRedisServer(name, dataDirectory);
    }

    /// <summary>
    /// The ledger holds the names of Veo operations as soon as they are paid for: every write goes to the append-only
    /// file, flushed each second, so a crash loses at most a second of them, where snapshots lose everything since the
    /// last one. Aspire's Redis is started as <c>/bin/sh -c "redis-server ..."</c>, so the settings join that command.
    /// </summary>
    private static IResourceBuilder<RedisResource> WithAppendOnlyFile(this IResourceBuilder<RedisResource> redis) =>
        redis.WithArgs(context =>
        {
            var command = context.Args.Count - 1;
            if (command < 0 || context.Args[command] is not string line || !line.StartsWith("redis-server", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Aspire no longer starts Redis as one redis-server command; the append-only file must be set another way.");
            }

            context.Args[command] = $"{line} --appendonly yes --appendfsync everysec";
        });
}

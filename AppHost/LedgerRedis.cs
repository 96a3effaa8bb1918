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

        if (builder.ExecutionContext.IsPublishMode)
        {
            // The ledger is what keeps a redeployed worker from paying for clips again: keep it on a volume, saved often.
            return builder.AddRedis(name).WithDataVolume().WithPersistence(TimeSpan.FromSeconds(10), keysChangedThreshold: 1);
        }

        if (ContainerRuntime.Answers(builder.Configuration))
        {
            return builder.AddRedis(name).WithDataVolume();
        }

        return builder.AddRedisServer(name, dataDirectory);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VideoGen.Worker.Ledger;

namespace VideoGen.Worker.Hosting;

public static class LedgerServices
{
    public const string RedisConnectionName = "redis";

    /// <summary>Redis, and what the worker keeps there: finished lessons, failures, claims and paid operations.</summary>
    public static IHostApplicationBuilder AddLedger(this IHostApplicationBuilder builder)
    {
        // Fail fast when Redis is not there at start: the run then exits with a clear message.
        builder.AddRedisClient(RedisConnectionName, configureOptions: redis =>
        {
            redis.ConnectTimeout = 3000;
            redis.ConnectRetry = 1;
            redis.AbortOnConnectFail = false;
        });
        builder.Services.AddLedgerStores();
        return builder;
    }

    /// <summary>The ledgers on a Redis connection registered elsewhere.</summary>
    public static IServiceCollection AddLedgerStores(this IServiceCollection services) =>
        services
            .AddValidatedOptions<LedgerOptions>(LedgerOptions.Section)
            .AddValidatedOptions<RedisDurabilityOptions>(RedisDurabilityOptions.Section)
            .AddSingleton<RedisDurability>()
            .AddSingleton<SpendBudget>()
            .AddSingleton<ILessonLedger, RedisLessonLedger>()
            .AddSingleton<IOperationLedger, RedisOperationLedger>()
            .AddSingleton<LessonLeases>()
            .AddRedisOutagePipeline();
}

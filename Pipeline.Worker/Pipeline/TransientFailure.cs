using System.Net;
using StackExchange.Redis;
using VideoGen.Worker.Providers;

namespace VideoGen.Worker.Pipeline;

/// <summary>Decides which failures are worth another attempt: only those that can go away by themselves.</summary>
public static class TransientFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        StageException stage => stage.IsTransient,
        TimeoutException => true,
        HttpRequestException http => http.StatusCode is null or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError,
        RedisConnectionException or RedisTimeoutException => true,
        _ => false,
    };
}

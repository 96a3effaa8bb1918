using System.Net;
using Polly.Timeout;
using StackExchange.Redis;

namespace VideoGen.Worker.Stages;

/// <summary>Decides which failures are worth another attempt: only those that can go away by themselves.</summary>
public static class TransientFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        StageException stage => stage.IsTransient,
        TimeoutException or TimeoutRejectedException => true,
        HttpRequestException http => http.StatusCode is null or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError,
        RedisConnectionException or RedisTimeoutException => true,
        _ => false,
    };

    /// <summary>A short, low-cardinality name for why an attempt failed, for metrics.</summary>
    public static string Reason(Exception exception) => exception switch
    {
        StageException stage => stage.Reason,
        TimeoutException or TimeoutRejectedException or RedisTimeoutException => "timeout",
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } => "rate_limited",
        HttpRequestException { StatusCode: >= HttpStatusCode.InternalServerError } => "server_error",
        HttpRequestException or RedisConnectionException => "connection",
        _ => "transient",
    };
}

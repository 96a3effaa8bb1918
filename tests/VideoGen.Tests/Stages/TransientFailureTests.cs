using System.Net;
using Polly.Timeout;
using StackExchange.Redis;
using VideoGen.Worker.Stages;

namespace VideoGen.Tests.Stages;

/// <summary>Only what can pass by itself is tried again; everything else fails at once with its reason.</summary>
public sealed class TransientFailureTests
{
    public static TheoryData<Exception, bool, string> Failures() => new()
    {
        { new TimeoutRejectedException("attempt timed out"), true, "timeout" },
        { new TimeoutException(), true, "timeout" },
        { new HttpRequestException("reset", null), true, "connection" },
        { new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests), true, "rate_limited" },
        { new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable), true, "server_error" },
        { new HttpRequestException("bad", null, HttpStatusCode.BadRequest), false, "transient" },
        { new RedisConnectionException(ConnectionFailureType.SocketFailure, "gone"), true, "connection" },
        { StageException.Permanent("safety filter"), false, "permanent" },
        { new InvalidOperationException("a bug"), false, "transient" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_is_retried_only_when_it_can_pass(Exception failure, bool transient, string reason)
    {
        Assert.Equal(transient, TransientFailure.Is(failure));
        if (transient)
        {
            Assert.Equal(reason, TransientFailure.Reason(failure));
        }
    }
}

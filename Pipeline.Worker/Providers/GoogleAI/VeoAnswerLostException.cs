using System.Net;
using System.Net.Sockets;
using Polly.Timeout;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// A Veo submission was sent but its answer never arrived whole: the operation may exist and be paid for. It is
/// recorded and resolved, never sent again blindly.
/// </summary>
public sealed class VeoAnswerLostException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    /// <summary>What an exception from sending a submission means: a lost answer, or null when nothing was started.</summary>
    public static VeoAnswerLostException? From(Exception exception, TimeSpan requestTimeout) => exception switch
    {
        VeoAnswerLostException lost => lost,
        HttpRequestException { StatusCode: HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout } http =>
            new($"predictLongRunning answered {(int)http.StatusCode!} after the request was sent", exception),
        HttpRequestException { StatusCode: null } http when !Refused(http) =>
            new($"the connection ended before predictLongRunning answered ({http.Message})", exception),
        TimeoutRejectedException => new($"predictLongRunning did not answer within {requestTimeout}", exception),
        OperationCanceledException => new("the submission was abandoned before predictLongRunning answered", exception),
        StageException { Reason: "malformed" } => new($"predictLongRunning's answer could not be read ({exception.Message})", exception),
        _ => null,
    };

    // Refused before the request was sent: nothing can have started.
    private static bool Refused(HttpRequestException http) =>
        http.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable };
}

using System.Text.Json.Nodes;

namespace VideoGen.VertexEmulator;

/// <summary>Google's error envelope, as Vertex AI sends it.</summary>
internal static class Google
{
    public static IResult Error(int code, string status, string message, string? retryDelay = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status };
        if (retryDelay is not null)
        {
            error["details"] = new JsonArray(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.RetryInfo",
                ["retryDelay"] = retryDelay,
            });
        }

        return Results.Json(new JsonObject { ["error"] = error }, statusCode: code);
    }

    public static IResult Fault(int status, string? retryDelay) => status switch
    {
        429 => Error(429, "RESOURCE_EXHAUSTED", "Resource exhausted (emulated). Please try again later.", retryDelay),
        503 => Error(503, "UNAVAILABLE", "The service is currently unavailable (emulated)."),
        403 => Error(403, "PERMISSION_DENIED", "Permission denied (emulated): the caller may not use this API."),
        >= 500 => Error(status, "INTERNAL", "Internal error encountered (emulated)."),
        _ => Error(status, "INVALID_ARGUMENT", "Request contains an invalid argument (emulated)."),
    };
}

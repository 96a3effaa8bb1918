using System.Text.Json.Nodes;

namespace VideoGen.VertexEmulator;

/// <summary>
/// What the Gemini Developer API does differently from Vertex AI: an API key in <c>x-goog-api-key</c> (a wrong one is
/// 400 API_KEY_INVALID, none is 403), Veo parameters it does not know refused, operations read with a GET on
/// <c>models/{model}/operations/{id}</c>, and a finished clip given as a file address that needs the key and redirects.
/// </summary>
internal static class GeminiApi
{
    public const string KeyHeader = "x-goog-api-key";

    private static readonly string[] VertexOnlyParameters = ["generateAudio", "storageUri"];

    public static IResult? RefuseKey(HttpRequest request, EmulatorState state)
    {
        var key = request.Headers[KeyHeader].ToString();
        if (key.Length == 0)
        {
            return Google.Error(403, "PERMISSION_DENIED",
                "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
        }

        if (key != state.ApiKey)
        {
            return Results.Json(new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = 400,
                    ["message"] = "API key not valid. Please pass a valid API key.",
                    ["status"] = "INVALID_ARGUMENT",
                    ["details"] = new JsonArray(new JsonObject
                    {
                        ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
                        ["reason"] = "API_KEY_INVALID",
                        ["domain"] = "googleapis.com",
                        ["metadata"] = new JsonObject { ["service"] = "generativelanguage.googleapis.com" },
                    }),
                },
            }, statusCode: 400);
        }

        return null;
    }

    public static string? UnsupportedParameter(JsonNode? parameters) =>
        parameters is JsonObject fields ? VertexOnlyParameters.FirstOrDefault(fields.ContainsKey) : null;

    /// <summary>A finished operation's response: its clip as a file to download, or the safety filter's verdict.</summary>
    public static JsonObject VideoResponse(string operation, int seconds, EmulatorState state, string filesBase)
    {
        var video = new JsonObject();
        if (state.Faults.SafetyFilter)
        {
            video["raiMediaFilteredCount"] = 1;
            video["raiMediaFilteredReasons"] = new JsonArray("The prompt could not be submitted (emulated safety filter).");
        }
        else
        {
            var file = state.AddFile(seconds, state.IsBadClip(operation));
            video["generatedSamples"] = new JsonArray(new JsonObject
            {
                ["video"] = new JsonObject { ["uri"] = $"{filesBase}/v1beta/files/{file}:download?alt=media" },
            });
        }

        return new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
            ["generateVideoResponse"] = video,
        };
    }

    public static void Map(WebApplication app)
    {
        // The API serves v1beta and v1 alike (Google's own SDK calls v1 by default).
        foreach (var version in new[] { "/v1beta", "/v1" })
        {
            MapVersion(app.MapGroup(version));
        }

        app.MapGet("/emulator/blobs/{id}", async (string id, HttpRequest request, EmulatorState state, MediaFactory media) =>
        {
            state.Record(request.Headers.ContainsKey(KeyHeader) ? "blobs.withKey" : "blobs");
            if (state.File(id) is not { } file)
            {
                return Results.NotFound();
            }

            return Results.File(file.Bad ? await media.BadVideoAsync(file.Seconds) : await media.VideoAsync(file.Seconds, state.Faults.ClipSize), "video/mp4");
        });
    }

    private static void MapVersion(RouteGroupBuilder api)
    {
        api.MapPost("/models/{target}", async (string target, HttpRequest request, EmulatorState state, MediaFactory media) =>
        {
            var parts = target.Split(':', 2);
            if (parts.Length != 2)
            {
                return Google.Error(404, "NOT_FOUND", $"no method in '{target}'");
            }

            var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
            return await Handlers.HandleAsync(parts[0], parts[1], body, request, state, media, geminiApi: true);
        });

        api.MapGet("/models/{model}/operations/{id}", async (string model, string id, HttpRequest request, EmulatorState state, MediaFactory media) =>
        {
            state.Record("operations.get");
            if (RefuseKey(request, state) is { } refused)
            {
                return refused;
            }

            if (state.NextFault("fetchPredictOperation") is { } status)
            {
                return Google.Fault(status, state.Faults.RetryDelay);
            }

            return await Handlers.FetchAsync($"models/{model}/operations/{id}", state, media, $"{request.Scheme}://{request.Host}");
        });

        // The file answers with a redirect to where it is kept, as Google's does: another host, which needs no key. Here
        // that is the same server under its other loopback name.
        api.MapGet("/files/{target}", (string target, HttpRequest request, EmulatorState state) =>
        {
            state.Record("files.download");
            if (RefuseKey(request, state) is { } refused)
            {
                return refused;
            }

            var id = target.Split(':')[0];
            return state.File(id) is null
                ? Google.Error(404, "NOT_FOUND", $"File {id} not found.")
                : Results.Redirect($"{request.Scheme}://{(request.Host.Host == "localhost" ? "127.0.0.1" : "localhost")}:{request.Host.Port}/emulator/blobs/{id}?signature=emulated");
        });

    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace VideoGen.VertexEmulator;

/// <summary>
/// A stand-in for the Vertex AI REST surfaces VideoGen uses, on loopback: generateContent (text with a response
/// schema, and speech), predictLongRunning and fetchPredictOperation (Veo), under /v1 and /v1beta1, and the Gemini
/// Developer API's (/v1beta/models, operations and files, with an API key), and a GPU job server's (/v1/jobs), with scripted
/// latency and faults and counters of what it was asked. Control: POST /emulator/faults, GET /emulator/counters,
/// POST /emulator/reset.
/// </summary>
public static class EmulatorApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddSingleton<EmulatorState>();
        builder.Services.AddSingleton<MediaFactory>();
        builder.Services.AddSingleton<GpuJobState>();
        var app = builder.Build();

        app.MapGet("/", () => "Vertex AI emulator for VideoGen");
        app.MapGet("/emulator/counters", (EmulatorState state) => Results.Json(state.Snapshot()));
        app.MapPost("/emulator/faults", async (HttpRequest request, EmulatorState state) =>
        {
            state.Script(await JsonSerializer.DeserializeAsync<FaultScript>(request.Body, EmulatorState.Json) ?? new FaultScript());
            return Results.NoContent();
        });
        app.MapPost("/emulator/reset", (EmulatorState state) =>
        {
            state.Reset();
            return Results.NoContent();
        });

        app.MapPost("/{version}/projects/{project}/locations/{location}/publishers/google/models/{target}",
            async (string version, string target, HttpRequest request, EmulatorState state, MediaFactory media) =>
            {
                if (version is not ("v1" or "v1beta1"))
                {
                    return Google.Error(404, "NOT_FOUND", $"API version {version} is not served");
                }

                var parts = target.Split(':', 2);
                if (parts.Length != 2)
                {
                    return Google.Error(404, "NOT_FOUND", $"no method in '{target}'");
                }

                var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
                return await Handlers.HandleAsync(parts[0], parts[1], body, request, state, media);
            });

        GeminiApi.Map(app);
        GpuJobs.Map(app);

        app.MapGet("/storage/v1/b/{bucket}/o", (string bucket, string? prefix, HttpRequest request, EmulatorState state) =>
        {
            state.Record("list");
            if (!state.Authorized(request))
            {
                return Google.Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            }

            var items = new JsonArray([.. state.ListObjects(bucket, prefix ?? "").Select(name => (JsonNode)new JsonObject { ["bucket"] = bucket, ["name"] = name })]);
            return Results.Json(new JsonObject { ["kind"] = "storage#objects", ["items"] = items });
        });

        app.MapPost("/upload/storage/v1/b/{bucket}/o", async (string bucket, string? uploadType, string? name, HttpRequest request, EmulatorState state) =>
        {
            state.Record("upload");
            if (!state.Authorized(request))
            {
                return Google.Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            }

            if (uploadType != "media" || string.IsNullOrEmpty(name))
            {
                return Google.Error(400, "INVALID_ARGUMENT", "A simple upload needs uploadType=media and a name.");
            }

            using var content = new MemoryStream();
            await request.Body.CopyToAsync(content);
            state.Upload(bucket, name, content.ToArray());
            return Results.Json(new JsonObject { ["kind"] = "storage#object", ["bucket"] = bucket, ["name"] = name, ["size"] = content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        });

        app.MapGet("/storage/v1/b/{bucket}/o/{name}", async (string bucket, string name, HttpRequest request, EmulatorState state, MediaFactory media) =>
        {
            state.Record("download");
            if (!state.Authorized(request))
            {
                return Google.Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            }

            if (state.StoredObject($"gs://{bucket}/{name}") is { } stored)
            {
                return Results.File(stored, "video/mp4");
            }

            var seconds = int.TryParse(Path.GetFileNameWithoutExtension(name).Split('-').Last(), out var s) ? s : 8;
            return Results.File(await media.VideoAsync(seconds), "video/mp4");
        });

        return app;
    }
}

using Microsoft.Extensions.Configuration;

namespace VideoGen.AppHost;

public static class GoogleAISettings
{
    /// <summary>
    /// Points the worker at Google Vertex AI. With <c>Vertex:UseEmulator=true</c> (or no <c>Vertex:ProjectId</c>) the
    /// AppHost starts the Vertex emulator instead, so the whole vertex path can be watched offline in the dashboard.
    /// Otherwise the project id and the access token are parameters, the token a secret.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithVertex(this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder)
    {
        var useEmulator = builder.Configuration.GetValue<bool?>("Vertex:UseEmulator")
            ?? string.IsNullOrWhiteSpace(builder.Configuration["Vertex:ProjectId"]);
        if (useEmulator)
        {
            const string token = "emulator-token";
            var emulator = builder.AddProject<Projects.VertexEmulator>("vertex-emulator")
                .WithHttpEndpoint(name: "http")
                .WithEnvironment("Emulator__Token", token);
            return worker
                .WaitFor(emulator)
                .WithEnvironment("Vertex__BaseUrl", emulator.GetEndpoint("http"))
                .WithEnvironment("Vertex__StorageBaseUrl", emulator.GetEndpoint("http"))
                .WithEnvironment("Vertex__ProjectId", "emulator-project")
                .WithEnvironment("Vertex__AccessToken", token)
                .WithEnvironment("GoogleAI__PollInterval", "00:00:01");
        }

        var project = builder.AddParameter("vertex-project-id", builder.Configuration["Vertex:ProjectId"] ?? "");
        var accessToken = builder.AddParameter("vertex-access-token", secret: true);
        return worker
            .WithEnvironment("Vertex__ProjectId", project)
            .WithEnvironment("Vertex__AccessToken", accessToken);
    }

    /// <summary>
    /// Points the worker at the Gemini Developer API. With <c>Gemini:UseEmulator=true</c> (or no <c>gemini-api-key</c>
    /// parameter) the AppHost starts the emulator's Gemini API surface instead; otherwise the key is a secret parameter.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGeminiApi(this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder)
    {
        var useEmulator = builder.Configuration.GetValue<bool?>("Gemini:UseEmulator")
            ?? string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{GeminiApiKey}"]);
        if (useEmulator)
        {
            const string key = "emulator-api-key";
            var emulator = builder.AddProject<Projects.VertexEmulator>("gemini-emulator")
                .WithHttpEndpoint(name: "http")
                .WithEnvironment("Emulator__ApiKey", key);
            return worker
                .WaitFor(emulator)
                .WithEnvironment("Gemini__BaseUrl", emulator.GetEndpoint("http"))
                .WithEnvironment("Gemini__ApiKey", key)
                .WithEnvironment("Gemini__PollInterval", "00:00:01");
        }

        return worker.WithEnvironment("Gemini__ApiKey", builder.AddParameter(GeminiApiKey, secret: true));
    }

    /// <summary>The secret parameter that holds a Google AI Studio key, in run and publish mode.</summary>
    public const string GeminiApiKey = "gemini-api-key";
}

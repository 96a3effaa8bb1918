using Microsoft.Extensions.Configuration;

namespace VideoGen.AppHost;

/// <summary>
/// The GPU job servers a worker may use (NeoVerse for the camera, AvatarForcing for the presenter). They run on GPU
/// hosts of their own, never in this AppHost: the worker is given a server's address and token.
/// </summary>
public static class GpuJobSettings
{
    /// <summary>One GPU job server: its resource and parameter names, and the worker's settings section.</summary>
    public sealed record Server(string Name, string Section)
    {
        public string UrlParameter => $"{Name}-url";

        public string TokenParameter => $"{Name}-token";
    }

    public static readonly Server NeoVerse = new("neoverse", "Providers__NeoVerse");

    public static readonly Server AvatarForcing = new("avatarforcing", "Providers__AvatarForcing");

    /// <summary>
    /// Run mode: with a <c>&lt;name&gt;-url</c> parameter, that server and the secret <c>&lt;name&gt;-token</c> parameter;
    /// without one, the project's emulator of the GPU job contract stands in (resource <c>&lt;name&gt;-emulator</c>), so the
    /// dashboard shows the whole path offline.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGpuJobServer(
        this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder, Server server)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{server.UrlParameter}"]))
        {
            return worker.WithGpuJobParameters(builder, server);
        }

        const string token = "emulator-gpu-token";
        var emulator = builder.AddProject<Projects.VertexEmulator>($"{server.Name}-emulator")
            .WithHttpEndpoint(name: "http")
            .WithEnvironment("Emulator__GpuToken", token)
            .WithEnvironment("Emulator__GpuModel", server.Name)
            .WithHttpHealthCheck("/healthz");
        return worker
            .WaitFor(emulator)
            .WithEnvironment($"{server.Section}__Url", emulator.GetEndpoint("http"))
            .WithEnvironment($"{server.Section}__Token", token)
            .WithEnvironment($"{server.Section}__PollInterval", "00:00:01");
    }

    /// <summary>The server's address as a parameter and its token as a secret one: how a deployed worker is pointed at a GPU host.</summary>
    public static IResourceBuilder<T> WithGpuJobParameters<T>(this IResourceBuilder<T> worker, IDistributedApplicationBuilder builder, Server server)
        where T : IResourceWithEnvironment =>
        worker
            .WithEnvironment($"{server.Section}__Url", builder.AddParameter(server.UrlParameter))
            .WithEnvironment($"{server.Section}__Token", builder.AddParameter(server.TokenParameter, secret: true));
}

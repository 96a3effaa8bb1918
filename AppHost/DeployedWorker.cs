namespace VideoGen.AppHost;

public static class DeployedWorker
{
    /// <summary>Port the worker's health endpoints listen on inside its container.</summary>
    public const int HealthPort = 8080;

    /// <summary>
    /// The worker as it runs in Azure Container Apps: built from <c>Pipeline.Worker/Dockerfile</c> (the .NET image with
    /// ffmpeg and espeak-ng, a non-root user), in service mode, storing videos in the <c>blobs</c> storage account.
    /// Nothing here points at this machine: the account's connection string and Google's credentials are secret
    /// parameters that azd asks for.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddDeployedWorker(
        this IDistributedApplicationBuilder builder, IResourceBuilder<IResourceWithConnectionString> redis, string repository, string provider, string camera, string presenter)
    {
        var blobs = builder.AddConnectionString("blobs");
        var worker = builder.AddDockerfile("worker", repository, Path.Combine("Pipeline.Worker", "Dockerfile"))
            .WithReference(redis)
            .WaitFor(redis)
            .WithReference(blobs)
            .WithEnvironment("VideoGen__Mode", "service")
            .WithEnvironment("VideoGen__Store", "blob")
            .WithEnvironment("VideoGen__Provider", provider)
            .WithEnvironment("VideoGen__Camera", camera)
            .WithEnvironment("VideoGen__Presenter", presenter)
            .WithHttpEndpoint(targetPort: HealthPort, name: "http")
            .WithOtlpExporter();

        if (provider == "vertex")
        {
            var project = builder.AddParameter("vertex-project-id");
            var credentials = builder.AddParameter("vertex-credentials", secret: true);
            worker
                .WithEnvironment("Vertex__ProjectId", project)
                .WithEnvironment("Vertex__CredentialsJson", credentials);
        }
        else if (provider == "gemini")
        {
            worker.WithEnvironment("Gemini__ApiKey", builder.AddParameter(GoogleAISettings.GeminiApiKey, secret: true));
        }

        if (camera == "neoverse")
        {
            // The NeoVerse server runs on a GPU host of its own (servers/neoverse/README.md).
            worker.WithGpuJobParameters(builder, GpuJobSettings.NeoVerse);
        }

        if (presenter == "avatarforcing")
        {
            worker.WithGpuJobParameters(builder, GpuJobSettings.AvatarForcing);
        }

        return worker;
    }
}

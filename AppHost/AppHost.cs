using VideoGen.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var provider = builder.Configuration["Worker:Provider"] ?? "local";
var camera = builder.Configuration["Worker:Camera"] ?? "local";
// AvatarForcing is licensed CC BY-NC 4.0: non-commercial use only; the worker says so when it starts with it.
var presenter = builder.Configuration["Worker:Presenter"] ?? "off";

var redisData = builder.Configuration["Redis:DataDirectory"] ?? Path.Combine(repository, ".data", "redis");
var redis = builder.AddLedgerRedis("redis", dataDirectory: redisData);

if (builder.ExecutionContext.IsPublishMode)
{
    // In Azure: a long-running container fed by the catalog queue, its videos in Blob Storage.
    builder.AddDeployedWorker(redis, repository, provider, camera, presenter);
}
else
{
    var catalog = Path.GetFullPath(builder.Configuration["Worker:Catalog"] ?? Path.Combine("samples", "catalog.json"), repository);
    var output = Path.GetFullPath(builder.Configuration["Worker:Output"] ?? "output", repository);
    var worker = builder.AddProject<Projects.Pipeline_Worker>("worker")
        .WithReference(redis)
        .WaitFor(redis)
        .WithArgs("--catalog", catalog, "--output", output, "--provider", provider, "--camera", camera, "--presenter", presenter)
        .WithRunCommands(output);

    _ = provider switch
    {
        "vertex" => worker.WithVertex(builder),
        "gemini" => worker.WithGeminiApi(builder),
        _ => worker,
    };

    if (camera == "neoverse")
    {
        worker.WithGpuJobServer(builder, GpuJobSettings.NeoVerse);
    }

    if (presenter == "avatarforcing")
    {
        worker.WithGpuJobServer(builder, GpuJobSettings.AvatarForcing);
    }
}

builder.Build().Run();

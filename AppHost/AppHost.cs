using VideoGen.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var provider = builder.Configuration["Worker:Provider"] ?? "local";
var camera = builder.Configuration["Worker:Camera"] ?? "local";

var redisData = builder.Configuration["Redis:DataDirectory"] ?? Path.Combine(repository, ".data", "redis");
var redis = builder.AddLedgerRedis("redis", dataDirectory: redisData);

if (builder.ExecutionContext.IsPublishMode)
{
    // In Azure: a long-running container fed by the catalog queue, its videos in Blob Storage.
    builder.AddDeployedWorker(redis, repository, provider, camera);
}
else
{
    var catalog = Path.GetFullPath(builder.Configuration["Worker:Catalog"] ?? Path.Combine("samples", "catalog.json"), repository);
    var output = Path.GetFullPath(builder.Configuration["Worker:Output"] ?? "output", repository);
    var worker = builder.AddProject<Projects.Pipeline_Worker>("worker")
        .WithReference(redis)
        .WaitFor(redis)
        .WithArgs("--catalog", catalog, "--output", output, "--provider", provider, "--camera", camera)
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
}

builder.Build().Run();

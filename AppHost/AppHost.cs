using VideoGen.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var catalog = builder.Configuration["Worker:Catalog"] ?? Path.Combine(repository, "samples", "catalog.json");
var output = builder.Configuration["Worker:Output"] ?? Path.Combine(repository, "output");
var provider = builder.Configuration["Worker:Provider"] ?? "local";

var redisData = builder.Configuration["Redis:DataDirectory"] ?? Path.Combine(repository, ".data", "redis");
var redis = builder.AddLedgerRedis("redis", dataDirectory: redisData);

builder.AddProject<Projects.Pipeline_Worker>("worker")
    .WithReference(redis)
    .WaitFor(redis)
    .WithArgs("--catalog", Path.GetFullPath(catalog, repository), "--output", Path.GetFullPath(output, repository), "--provider", provider);

builder.Build().Run();

using System.Text.Json.Nodes;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Providers.GpuJobs;

/// <summary>
/// One job for a GPU job server: what it is for (the lesson, and its field in the operation ledger), and what is sent.
/// </summary>
/// <param name="Field">The job's field in the lesson's operation ledger, where its id is kept while it runs.</param>
/// <param name="IdempotencyKey">The same work always has the same key, so the server never starts it twice.</param>
/// <param name="Inputs">The contract's <c>inputs</c>: media by role, each with its MIME type.</param>
public sealed record GpuJobRequest(
    LessonKey Lesson, string Field, string Task, string IdempotencyKey, IReadOnlyDictionary<string, GpuMedia> Inputs, JsonObject Parameters);

/// <summary>Media sent to or received from a GPU job server.</summary>
public sealed record GpuMedia(string MimeType, byte[] Data);

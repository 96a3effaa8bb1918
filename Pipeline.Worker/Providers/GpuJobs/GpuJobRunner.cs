using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.GpuJobs;

/// <summary>
/// Runs a job on a GPU job server to its output, the same way for every model: the job's id goes into the lesson's
/// operation ledger before it is polled, so a restarted worker polls the job it finds there instead of starting
/// another; busy and starting answers are waited out with growing pauses (the server's <c>Retry-After</c> first); a
/// job the server lost is submitted again under the same key; a failed one once more. When none of that gives an
/// output, <see cref="GpuJobFailedException"/> says why and the caller falls back to its local way. Every request goes
/// through the server's <see cref="GpuServerGate"/>, so a server that is down costs the first few requests, not every scene.
/// </summary>
public sealed class GpuJobRunner(IOperationLedger ledger, PipelineTelemetry telemetry, TimeProvider time, ILogger<GpuJobRunner> logger)
{
    private const int MaxSubmissionsAfterLoss = 2;
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, GpuServerGate> _gates = new();

    public async Task<GpuMedia> RunAsync(GpuJobClient client, GpuJobServerOptions options, GpuJobRequest job, CancellationToken cancellationToken)
    {
        using var span = PipelineTelemetry.Source.StartActivity("gpu.job");
        span?.SetTag("videogen.gpu.server", client.Server);
        span?.SetTag("videogen.gpu.task", job.Task);
        span?.SetTag("videogen.gpu.idempotency_key", job.IdempotencyKey);
        foreach (var (name, value) in job.Parameters)
        {
            span?.SetTag($"videogen.gpu.{name}", value?.ToString());
        }

        var started = time.GetTimestamp();
        var gate = _gates.GetOrAdd(client.Server, _ => new GpuServerGate(client, options, time, logger));
        try
        {
            var output = await RunToOutputAsync(gate, client, options, job, span, cancellationToken);
            telemetry.GpuJobFinished(client.Server, job.Task, "succeeded", time.GetElapsedTime(started));
            return output;
        }
        catch (GpuJobFailedException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            telemetry.GpuJobFinished(client.Server, job.Task, "failed", time.GetElapsedTime(started));
            // Given up: a later attempt starts afresh instead of finding a job that already failed or ran out of time.
            await ledger.ForgetAsync(job.Lesson, job.Field, CancellationToken.None);
            throw;
        }
    }

    private async Task<GpuMedia> RunToOutputAsync(
        GpuServerGate gate, GpuJobClient client, GpuJobServerOptions options, GpuJobRequest job, Activity? span, CancellationToken cancellationToken)
    {
        var saved = await ledger.FindAsync(job.Lesson, job.Field, cancellationToken);
        var (id, submittedAt) = (saved?.Name, saved?.StartedAt ?? time.GetUtcNow());
        if (id is not null)
        {
            span?.AddEvent(new ActivityEvent("gpu.job_resumed", tags: new() { ["videogen.gpu.job_id"] = id }));
        }

        var (failures, losses) = (0, 0);
        while (true)
        {
            if (id is null)
            {
                id = await SubmitAsync(gate, client, options, job, cancellationToken);
                submittedAt = time.GetUtcNow();
                await ledger.SaveAsync(job.Lesson, job.Field, new PendingOperation(id, client.Server, client.Address, submittedAt), cancellationToken);
            }

            span?.SetTag("videogen.gpu.job_id", id);
            var status = await PollAsync(gate, client, options, id, submittedAt, cancellationToken);
            switch (status)
            {
                case null when ++losses <= MaxSubmissionsAfterLoss:
                    logger.LogWarning("The {Server} server no longer knows job {Job} of {Lesson}; submitting it again", client.Server, id, job.Lesson);
                    id = null;
                    continue;
                case null:
                    throw new GpuJobFailedException($"the {client.Server} server lost the job {losses} times");
                case { State: "succeeded", Output: { } output }:
                    return output;
                case { State: "succeeded" }:
                    throw new GpuJobFailedException($"the {client.Server} job succeeded without an output");
            }

            var reason = status.Error ?? "no reason given";
            if (++failures >= 2)
            {
                throw new GpuJobFailedException($"the {client.Server} job failed twice: {reason}");
            }

            logger.LogWarning("The {Server} job {Job} of {Lesson} failed ({Reason}); submitting it once more", client.Server, id, job.Lesson, reason);
            span?.AddEvent(new ActivityEvent("gpu.job_failed", tags: new() { ["videogen.gpu.job_id"] = id, ["error.message"] = reason }));
            id = null;
        }
    }

    private async Task<string> SubmitAsync(
        GpuServerGate gate, GpuJobClient client, GpuJobServerOptions options, GpuJobRequest job, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.BusyTimeout;
        var (pauses, unreachable) = (0, 0);
        while (true)
        {
            TimeSpan pause;
            try
            {
                return await gate.SendAsync(token => client.SubmitAsync(job, token), cancellationToken);
            }
            catch (GpuServerBusyException busy)
            {
                telemetry.GpuServerBusy(client.Server, (int)busy.Status);
                pause = busy.RetryAfter is { } asked && asked > TimeSpan.Zero ? asked : Backoff(options, pauses);
            }
            catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
            {
                if (++unreachable >= options.ConnectAttempts)
                {
                    throw new GpuJobFailedException($"the {client.Server} server at {client.Address} cannot be reached: {ex.Message}", ex);
                }

                pause = Backoff(options, pauses);
            }

            if (time.GetUtcNow() + pause > deadline)
            {
                throw new GpuJobFailedException($"the {client.Server} server stayed busy for {options.BusyTimeout}");
            }

            pauses++;
            await Task.Delay(pause, time, cancellationToken);
        }
    }

    /// <summary>
    /// Polls until the job ends; null when the server no longer knows it. The job is asked at least once, however long
    /// ago it was submitted (a restarted worker finds what finished meanwhile). It may run for <c>JobTimeout</c> from
    /// when it is first seen running; queued behind other jobs on the server it may wait <c>BusyTimeout</c> more.
    /// </summary>
    private async Task<GpuJobStatus?> PollAsync(
        GpuServerGate gate, GpuJobClient client, GpuJobServerOptions options, string id, DateTimeOffset submittedAt, CancellationToken cancellationToken)
    {
        DateTimeOffset? runningSince = null;
        while (true)
        {
            try
            {
                var status = await gate.SendAsync(token => client.GetAsync(id, token), cancellationToken);
                if (status is null or { State: "succeeded" or "failed" })
                {
                    return status;
                }

                runningSince ??= status.State == "running" ? time.GetUtcNow() : null;
            }
            catch (Exception ex) when (IsUnreachable(ex, cancellationToken) || ex is GpuServerDownException)
            {
                // The job runs on whether or not its server can be asked now (or is taken for down): it was paid for in GPU
                // time, so it is asked again until the job's time is up.
                logger.LogDebug("Polling {Server} job {Job} failed: {Error}", client.Server, id, ex.Message);
            }

            var deadline = runningSince is { } running ? running + options.JobTimeout : submittedAt + options.BusyTimeout + options.JobTimeout;
            if (time.GetUtcNow() > deadline)
            {
                throw new GpuJobFailedException($"the {client.Server} job {id} did not finish within {options.JobTimeout}");
            }

            await Task.Delay(options.PollInterval, time, cancellationToken);
        }
    }

    private static TimeSpan Backoff(GpuJobServerOptions options, int pauses) =>
        TimeSpan.FromTicks(Math.Min(MaxPause.Ticks, options.PollInterval.Ticks << Math.Min(pauses, 10)));

    private static bool IsUnreachable(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or TimeoutException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}

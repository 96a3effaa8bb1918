using System.Diagnostics;
using System.Diagnostics.Metrics;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Telemetry;

/// <summary>The pipeline's one ActivitySource and one Meter, and the instruments on it.</summary>
public sealed class PipelineTelemetry
{
    public const string Name = "VideoGen.Pipeline";

    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _lessonsFinished;
    private readonly Histogram<double> _stageDuration;
    private readonly UpDownCounter<long> _stageActive;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _videoOperations;
    private readonly Counter<long> _images;
    private readonly Counter<double> _videoSeconds;
    private readonly Counter<double> _spend;
    private readonly Counter<long> _videoRefusals;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _flagged;
    private readonly Counter<long> _remakes;
    private readonly Counter<long> _gpuJobs;
    private readonly Histogram<double> _gpuJobDuration;
    private readonly Counter<long> _gpuBusy;
    private readonly Counter<long> _gpuFallbacks;
    private readonly SpendTally _spent = new();
    private volatile Func<int>? _veoLimit;
    private volatile Func<int>? _veoRunning;
    private volatile Func<IEnumerable<(string Stage, int Waiting)>>? _queues;
    private volatile Func<IEnumerable<(string Outcome, int Lessons)>>? _catalog;

    public PipelineTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _lessonsFinished = meter.CreateCounter<long>(
            "videogen.lessons.finished", "{lesson}", "Lessons finished by this worker, by outcome (succeeded, skipped, failed), course and worker.");
        _stageDuration = meter.CreateHistogram<double>(
            "videogen.stage.duration", "s", "Time one lesson spent in one stage, retries included.");
        _stageActive = meter.CreateUpDownCounter<long>(
            "videogen.stage.active", "{lesson}", "Lessons a stage is working on now.");
        meter.CreateObservableGauge(
            "videogen.stage.queue", ObserveQueues, "{lesson}", "Lessons waiting in front of a stage.");
        _retries = meter.CreateCounter<long>(
            "videogen.stage.retries", "{retry}", "Stage attempts repeated after a transient failure, by stage and reason.");
        _videoOperations = meter.CreateCounter<long>(
            "videogen.veo.operations", "{operation}", "Paid video generations started, by model.");
        _images = meter.CreateCounter<long>(
            "videogen.images", "{image}", "Illustrations asked of the image model, by model and outcome (drawn, or why there is none).");
        _videoSeconds = meter.CreateCounter<double>(
            "videogen.veo.video_seconds", "s", "Seconds of generated video paid for, by model.");
        _spend = meter.CreateCounter<double>(
            "videogen.spend.estimated", "{USD}", "Estimated spend on paid generation at the configured prices, by model.");
        _videoRefusals = meter.CreateCounter<long>(
            "videogen.veo.refusals", "{request}", "Video generations Veo refused to start for lack of quota (429), by model.");
        _tokens = meter.CreateCounter<long>(
            "videogen.gemini.tokens", "{token}", "Gemini tokens used, by model and kind (prompt, candidates, thoughts).");
        _flagged = meter.CreateCounter<long>(
            "videogen.review.flagged", "{lesson}", "Lessons stored although their video failed review, by course.");
        _remakes = meter.CreateCounter<long>(
            "videogen.review.remakes", "{remake}", "Videos made again after failing review, by what was remade (clip, render).");
        _gpuJobs = meter.CreateCounter<long>(
            "videogen.gpu.jobs", "{job}", "GPU jobs run to their end, by server, task and outcome (succeeded, failed).");
        _gpuJobDuration = meter.CreateHistogram<double>(
            "videogen.gpu.job.duration", "s", "Time from a GPU job's first submission to its output or failure, waits included.");
        _gpuBusy = meter.CreateCounter<long>(
            "videogen.gpu.busy", "{answer}", "Submissions a GPU job server did not start (429 busy, 503 starting), by server and status.");
        _gpuFallbacks = meter.CreateCounter<long>(
            "videogen.gpu.fallbacks", "{item}", "Shots or presenter clips made locally because their GPU job gave no usable output, by server.");
        meter.CreateObservableGauge(
            "videogen.catalog.lessons",
            () => _catalog?.Invoke().Select(c => new Measurement<int>(c.Lessons, new KeyValuePair<string, object?>("outcome", c.Outcome))) ?? [],
            "{lesson}", "Lessons of the catalog being made, across every worker making it, by outcome (succeeded, skipped, failed, remaining).");
        meter.CreateObservableGauge(
            "videogen.veo.concurrency_limit", () => _veoLimit?.Invoke() ?? 0, "{operation}", "Veo operations all workers together let run at once now.");
        meter.CreateObservableGauge(
            "videogen.veo.running", () => _veoRunning?.Invoke() ?? 0, "{operation}", "Veo operations this worker holds a quota slot for now.");
    }

    public void LessonFinished(string outcome, string courseId, string worker) =>
        _lessonsFinished.Add(1, new("outcome", outcome), new("videogen.course.id", courseId), new("videogen.worker", worker));

    public void LessonFlagged(string courseId) => _flagged.Add(1, new KeyValuePair<string, object?>("course", courseId));

    public void VideoRemade(string what) => _remakes.Add(1, new KeyValuePair<string, object?>("remade", what));

    public void GpuJobFinished(string server, string task, string outcome, TimeSpan duration)
    {
        _gpuJobs.Add(1, new("server", server), new("task", task), new("outcome", outcome));
        _gpuJobDuration.Record(duration.TotalSeconds, new("server", server), new("outcome", outcome));
    }

    public void GpuServerBusy(string server, int status) => _gpuBusy.Add(1, new("server", server), new("status", status));

    public void GpuFallback(string server) => _gpuFallbacks.Add(1, new KeyValuePair<string, object?>("server", server));

    public void StageStarted(string stage) => _stageActive.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public void StageFinished(string stage, TimeSpan duration, bool succeeded)
    {
        _stageActive.Add(-1, new KeyValuePair<string, object?>("stage", stage));
        _stageDuration.Record(duration.TotalSeconds, new("stage", stage), new("outcome", succeeded ? "succeeded" : "failed"));
    }

    public void StageRetried(string stage, string reason) => _retries.Add(1, new("stage", stage), new("reason", reason));

    public void VideoOperationStarted(string model, int seconds, decimal dollars)
    {
        var tag = new KeyValuePair<string, object?>("model", model);
        _videoOperations.Add(1, tag);
        _videoSeconds.Add(seconds, tag);
        _spend.Add((double)dollars, tag, new("purpose", SpendPurpose.Clips));
        _spent.AddClip(seconds, dollars);
        LessonSpend.Running?.Add(dollars);
    }

    /// <summary>One Gemini call's token usage, on the metrics, the current span and the run's spend.</summary>
    /// <summary>An image request answered: <paramref name="outcome"/> is <c>drawn</c>, or why no picture came.</summary>
    public void ImageAnswered(string model, string outcome) =>
        _images.Add(1, new KeyValuePair<string, object?>("model", model), new("outcome", outcome));

    public void TokensUsed(string model, string purpose, int prompt, int candidates, int thoughts, decimal dollars)
    {
        var tag = new KeyValuePair<string, object?>("model", model);
        _tokens.Add(prompt, tag, new("kind", "prompt"));
        _tokens.Add(candidates, tag, new("kind", "candidates"));
        _tokens.Add(thoughts, tag, new("kind", "thoughts"));
        _spend.Add((double)dollars, tag, new("purpose", purpose));
        _spent.AddTokens(purpose, prompt, candidates, thoughts, dollars);
        LessonSpend.Running?.Add(dollars);
        Activity.Current?.SetTag("gen_ai.usage.input_tokens", prompt);
        Activity.Current?.SetTag("gen_ai.usage.output_tokens", candidates + thoughts);
    }

    /// <summary>What this process has paid for so far; a run reports the difference between its start and its end.</summary>
    public Spend Spent => _spent.Snapshot();

    public void VideoOperationRefused(string model) => _videoRefusals.Add(1, new KeyValuePair<string, object?>("model", model));

    public void ObserveVeoConcurrency(Func<int> limit, Func<int> running)
    {
        _veoLimit = limit;
        _veoRunning = running;
    }

    /// <summary>Reports the progress of the catalog being made, by outcome.</summary>
    public void ObserveCatalog(Func<IEnumerable<(string Outcome, int Lessons)>> catalog) => _catalog = catalog;

    /// <summary>Lets the running graph report how many lessons wait in front of each stage.</summary>
    public IDisposable ObserveQueueDepth(Func<IEnumerable<(string Stage, int Waiting)>> queues)
    {
        _queues = queues;
        return new Unsubscriber(this, queues);
    }

    private IEnumerable<Measurement<int>> ObserveQueues() =>
        _queues?.Invoke().Select(q => new Measurement<int>(q.Waiting, new KeyValuePair<string, object?>("stage", q.Stage))) ?? [];

    /// <summary>Starts a lesson's span as the root of its own trace, whatever span the caller is in.</summary>
    public static Activity? StartLesson(LessonKey lesson, string provider)
    {
        var caller = Activity.Current;
        Activity.Current = null;
        try
        {
            var activity = Source.StartActivity("lesson", ActivityKind.Internal);
            activity?.SetTag("videogen.course.id", lesson.CourseId);
            activity?.SetTag("videogen.lesson.id", lesson.LessonId);
            activity?.SetTag("videogen.provider", provider);
            activity?.DisplayName = $"lesson {lesson}";
            return activity;
        }
        finally
        {
            Activity.Current = caller;
        }
    }

    private sealed class Unsubscriber(PipelineTelemetry telemetry, Func<IEnumerable<(string, int)>> queues) : IDisposable
    {
        public void Dispose()
        {
            if (telemetry._queues == queues)
            {
                telemetry._queues = null;
            }
        }
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>A scene's illustration file, or why it has none.</summary>
/// <param name="Segment">The narration segment it shows in (scene number, from 1).</param>
public sealed record Illustration(int Segment, string? Path, string? Warning);

/// <summary>
/// Illustrations for scenes without a figure of the lesson, drawn by a Gemini image model in the course's look: the
/// same style and motif in every picture of a course, 16:9, and no text in the picture (slides carry the words). Each
/// is kept with the store's paid work per lesson version, scene and settings, so an unchanged lesson never pays for it
/// twice. A safety block, an answer without a picture or a picture that does not decode leaves the scene its text slide,
/// with a warning; a 429 or 5xx is retried by the client, then fails the attempt like any transient failure.
/// </summary>
public sealed class GeminiIllustrator(
    GenAIClient client, IPaidWork paid, PipelineTelemetry telemetry, IOptions<GoogleAIOptions> options, ILogger<GeminiIllustrator> logger)
    : IDisposable
{
    public const string Kind = "images";

    private const string AspectRatio = "16:9";

    private readonly GoogleAIOptions _options = options.Value;
    private readonly SemaphoreSlim _atOnce = new(options.Value.ImageRequestsAtOnce);

    public string Settings => $"images/1;model={_options.ImageModel};style={Hash(_options.ImageStyle)}";

    /// <summary>What the image model is asked for: the course's look first, the same for every scene of the course.</summary>
    public string Prompt(LessonScript script, Scene scene) =>
        $"An illustration for one scene of a video lesson in the course \"{script.CourseTitle}\". " +
        $"Every picture of this course shares one look: {_options.ImageStyle}. " +
        $"This picture shows: {(string.IsNullOrWhiteSpace(scene.VisualPrompt) ? scene.Heading : scene.VisualPrompt)}. " +
        "Wide 16:9 framing with the subject in the right two thirds. No text, letters, numbers, labels, captions or logos anywhere in the picture.";

    /// <summary>The kept illustration of a scene (from 0), or null when none was drawn for this version and these settings.</summary>
    public Task<string?> FindAsync(LessonVersion lesson, int scene, CancellationToken cancellationToken) =>
        paid.FindAsync(Kind, lesson, Name(scene), cancellationToken);

    /// <param name="scene">The scene, from 0.</param>
    public async Task<Illustration> GetAsync(LessonVersion lesson, LessonScript script, int scene, CancellationToken cancellationToken)
    {
        if (await FindAsync(lesson, scene, cancellationToken) is { } kept)
        {
            Activity.Current?.AddEvent(new ActivityEvent("image.kept", tags: new() { ["videogen.scene"] = scene + 1 }));
            return new Illustration(scene + 1, kept, null);
        }

        await _atOnce.WaitAsync(cancellationToken);
        try
        {
            var request = new GenerateContentRequest(
                [new Content("user", [new Part(Prompt(script, script.Scenes[scene]))])],
                GenerationConfig: new GenerationConfig(ResponseModalities: ["IMAGE"], ImageConfig: new ImageConfig(AspectRatio)));
            var response = await client.GenerateImageAsync(_options.ImageModel, _options.TextLocation, request, cancellationToken);
            var (picture, outcome, reason) = Picture(response);
            telemetry.ImageAnswered(_options.ImageModel, outcome);
            if (picture is null)
            {
                logger.LogWarning("No illustration for scene {Scene} of {Lesson}: {Reason}", scene + 1, lesson, reason);
                return new Illustration(scene + 1, null, $"scene {scene + 1} has no illustration ({reason}): its slide shows its key points alone");
            }

            var partial = paid.TemporaryPath(Kind, lesson, Name(scene));
            try
            {
                await File.WriteAllBytesAsync(partial, picture, cancellationToken);
                return new Illustration(scene + 1, await paid.KeepAsync(Kind, lesson, Name(scene), partial, cancellationToken), null);
            }
            finally
            {
                File.Delete(partial);
            }
        }
        finally
        {
            _atOnce.Release();
        }
    }

    /// <summary>The lesson is stored: the illustrations of its other versions go; those of this version stay for it made again.</summary>
    public Task ReleaseAsync(LessonVersion keep, CancellationToken cancellationToken) => paid.ReleaseAsync(Kind, keep, cancellationToken);

    /// <summary>The picture in an answer, or the outcome (for the metric) and the reason there is none.</summary>
    private static (byte[]? Picture, string Outcome, string? Reason) Picture(GenerateContentResponse response)
    {
        if (response.PromptFeedback?.BlockReason is { } blocked)
        {
            return (null, "blocked", $"the prompt was blocked: {blocked}");
        }

        var candidate = response.Candidates?.FirstOrDefault();
        var image = candidate?.Content?.Parts?.Select(p => p.InlineData).FirstOrDefault(d => d?.MimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true);
        if (image is null)
        {
            return candidate?.FinishReason is { } finish and not "STOP"
                ? (null, finish.ToLowerInvariant(), $"the image model stopped with {finish}")
                : (null, "no_image", "the image model answered without a picture");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(image.Data);
        }
        catch (FormatException)
        {
            return (null, "malformed", "the image model's picture is not base64");
        }

        using var codec = SKCodec.Create(new MemoryStream(bytes));
        return codec is null || codec.Info.Width == 0
            ? (null, "malformed", $"the image model's {image.MimeType} picture does not decode")
            : (bytes, "drawn", null);
    }

    // The settings are in the name: a new model or style draws the pictures again instead of reusing the old look.
    private string Name(int scene) => $"{scene}.{Hash(Settings)}.png";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];

    public void Dispose() => _atOnce.Dispose();
}

using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;

namespace VideoGen.Worker.Review;

/// <summary>Gemini reviews through Vertex AI, so <c>--review gemini</c> needs the vertex provider and its settings.</summary>
public sealed class ReviewOptionsValidator(IOptions<WorkerOptions> worker) : IValidateOptions<ReviewOptions>
{
    public ValidateOptionsResult Validate(string? name, ReviewOptions options) =>
        options.Mode == ReviewOptions.Gemini && worker.Value.Provider != WorkerOptions.Vertex
            ? ValidateOptionsResult.Fail(
                $"--review gemini (Review:Mode) needs --provider vertex, which it reviews through; the provider is '{worker.Value.Provider}'. " +
                "Use --review local for the automatic checks alone.")
            : ValidateOptionsResult.Success;
}

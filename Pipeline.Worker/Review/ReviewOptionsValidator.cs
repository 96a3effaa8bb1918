using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;

namespace VideoGen.Worker.Review;

/// <summary>Gemini reviews through the provider's own client, so <c>--review gemini</c> needs the vertex or gemini provider.</summary>
public sealed class ReviewOptionsValidator(IOptions<WorkerOptions> worker) : IValidateOptions<ReviewOptions>
{
    public ValidateOptionsResult Validate(string? name, ReviewOptions options) =>
        options.Mode == ReviewOptions.Gemini && !WorkerOptions.IsGoogle(worker.Value.Provider)
            ? ValidateOptionsResult.Fail(
                $"--review gemini (Review:Mode) needs --provider vertex or gemini, which it reviews through; the provider is '{worker.Value.Provider}'. " +
                "Use --review local for the automatic checks alone.")
            : ValidateOptionsResult.Success;
}

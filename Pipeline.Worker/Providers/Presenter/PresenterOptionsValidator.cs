using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Providers.Presenter;

/// <summary>A portrait that cannot be used stops the worker before any lesson starts, naming the file.</summary>
public sealed class PresenterOptionsValidator : IValidateOptions<PresenterOptions>
{
    public ValidateOptionsResult Validate(string? name, PresenterOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Portrait))
        {
            return ValidateOptionsResult.Success;
        }

        var path = Path.GetFullPath(options.Portrait);
        return ImageFiles.FindProblem(path) is { } problem
            ? ValidateOptionsResult.Fail($"Providers:Presenter:Portrait {path} cannot be used: {problem}.")
            : ValidateOptionsResult.Success;
    }
}

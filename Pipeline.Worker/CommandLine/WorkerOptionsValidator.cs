using Microsoft.Extensions.Options;
using VideoGen.Worker.Lessons;

namespace VideoGen.Worker.CommandLine;

/// <summary>Checks what the data annotations on <see cref="WorkerOptions"/> cannot say.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        if (options.Mode == WorkerOptions.Once && string.IsNullOrWhiteSpace(options.Catalog))
        {
            failures.Add("No catalog given: pass --catalog <file> (or set VideoGen__Catalog).");
        }

        if (!WorkerOptions.Providers.Contains(options.Provider))
        {
            failures.Add($"Unknown provider '{options.Provider}'; the providers are: {string.Join(", ", WorkerOptions.Providers)}.");
        }

        if (!VideoLength.IsValid(options.Length))
        {
            failures.Add($"VideoGen:Length (--length) '{options.Length}' is not short, standard, long or a number of minutes from {VideoLength.MinMinutes} to {VideoLength.MaxMinutes}.");
        }

        if (options.Illustrates && !WorkerOptions.IsGoogle(options.Provider))
        {
            failures.Add($"--visuals {options.Visuals} generates illustrations with Gemini: it needs --provider vertex or gemini (the {options.Provider} provider draws none).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

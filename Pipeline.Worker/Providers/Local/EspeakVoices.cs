using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Media;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>The espeak-ng voice a lesson is narrated with, and what the listener should know about it.</summary>
/// <param name="Warnings">Where espeak-ng has no voice for the language, or reads its script badly.</param>
public sealed record VoiceChoice(string Voice, IReadOnlyList<string> Warnings);

/// <summary>
/// Chooses espeak-ng's voice per language, from the voices this machine's espeak-ng has (<c>espeak-ng --voices</c>,
/// read once): English lessons keep <c>Local:Voice</c>; others take the voice of their language (its region's, when
/// the tag names one espeak-ng has), or else say there is none and fall back to <c>Local:Voice</c>.
/// </summary>
public sealed partial class EspeakVoices(IOptions<LocalProviderOptions> options)
{
    private readonly LocalProviderOptions _options = options.Value;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private IReadOnlyList<(string Language, (string Name, int Priority)[] Aliases)>? _voices;

    // "(zh-cmn 5)(zh 5)": other languages a voice speaks, each with its priority (lower is preferred).
    [GeneratedRegex(@"\(([A-Za-z0-9-]+) (\d+)\)")]
    private static partial Regex OtherLanguage();

    public async Task<VoiceChoice> ChooseAsync(LanguageChoice language, string text, CancellationToken cancellationToken)
    {
        if (language.Primary == "en")
        {
            return new VoiceChoice(_options.Voice, []);
        }

        var voices = await ReadAsync(cancellationToken);
        var tag = language.Tag.ToLowerInvariant();
        var voice = voices.FirstOrDefault(v => v.Language == tag).Language
                    ?? SpeakingAlso(voices, tag)
                    ?? voices.FirstOrDefault(v => v.Language == language.Primary).Language
                    ?? voices.FirstOrDefault(v => v.Language == $"{language.Primary}-{language.Primary}").Language
                    ?? SpeakingAlso(voices, language.Primary)
                    ?? voices.FirstOrDefault(v => v.Language.StartsWith(language.Primary + "-", StringComparison.Ordinal)).Language;
        if (voice is null)
        {
            return new VoiceChoice(_options.Voice,
                [$"espeak-ng has no voice for '{language.Tag}'; narrated with '{_options.Voice}', which will not sound right"]);
        }

        List<string> warnings = [];
        if (language.Primary == "ja" && text.EnumerateRunes().Any(r => r.Value is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF))
        {
            warnings.Add("espeak-ng reads Japanese kanji badly (it reads many as Chinese or spells them out); the narration may be hard to follow");
        }

        return new VoiceChoice(voice, warnings);
    }

    /// <summary>The voice that names <paramref name="language"/> among its other languages with the best priority.</summary>
    private static string? SpeakingAlso(IReadOnlyList<(string Language, (string Name, int Priority)[] Aliases)> voices, string language) =>
        voices.SelectMany(v => v.Aliases.Where(a => a.Name == language).Select(a => (v.Language, a.Priority)))
            .OrderBy(v => v.Priority)
            .Select(v => v.Language)
            .FirstOrDefault();

    private async Task<IReadOnlyList<(string Language, (string Name, int Priority)[] Aliases)>> ReadAsync(CancellationToken cancellationToken)
    {
        if (_voices is { } known)
        {
            return known;
        }

        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (_voices is null)
            {
                var listing = await ExternalTool.RunAsync("espeak-ng", ["--voices"], Path.GetTempPath(), _options.ToolTimeout, cancellationToken);
                _voices = [.. listing.Split('\n').Skip(1)
                    .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Where(columns => columns.Length >= 5)
                    .Select(columns => (columns[1].ToLowerInvariant(),
                        OtherLanguage().Matches(string.Join(' ', columns.Skip(5)))
                            .Select(m => (m.Groups[1].Value.ToLowerInvariant(), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToArray()))];
            }

            return _voices;
        }
        finally
        {
            _reading.Release();
        }
    }
}

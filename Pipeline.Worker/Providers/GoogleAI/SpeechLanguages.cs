namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// The <c>speechConfig.languageCode</c> Gemini TTS is told for a lesson's language: the codes it documents, with
/// the lesson's region where it names one Gemini knows, else the usual region for the language. A language without
/// a code is sent without one, and the model speaks it as it reads it from the text.
/// </summary>
public static class SpeechLanguages
{
    private static readonly string[] Documented =
    [
        "ar-XA", "bn-IN", "cmn-CN", "de-DE", "en-US", "en-AU", "en-GB", "en-IN", "es-ES", "es-US", "fr-FR", "fr-CA",
        "gu-IN", "hi-IN", "id-ID", "it-IT", "ja-JP", "kn-IN", "ko-KR", "ml-IN", "mr-IN", "nl-NL", "pl-PL", "pt-BR",
        "ru-RU", "ta-IN", "te-IN", "th-TH", "tr-TR", "vi-VN",
    ];

    /// <param name="tag">The lesson's language, e.g. <c>ja</c> or <c>pt-BR</c>.</param>
    /// <param name="configured">Codes set per language in the settings, which win over the built-in choice.</param>
    public static string? For(string tag, IReadOnlyDictionary<string, string> configured)
    {
        var primary = tag.Split('-')[0];
        if (configured.TryGetValue(tag, out var code) || configured.TryGetValue(primary, out code))
        {
            return code;
        }

        // Gemini names Mandarin "cmn"; a catalog says "zh".
        var spoken = primary == "zh" ? "cmn" : primary;
        var region = tag.Split('-').Skip(1).FirstOrDefault(p => p.Length == 2);
        var exact = region is null ? null : Documented.FirstOrDefault(c => c.Equals($"{spoken}-{region}", StringComparison.OrdinalIgnoreCase));
        return exact ?? Documented.FirstOrDefault(c => c.StartsWith(spoken + "-", StringComparison.Ordinal));
    }
}

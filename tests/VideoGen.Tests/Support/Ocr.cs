using System.Globalization;
using System.Text;

namespace VideoGen.Tests.Support;

/// <summary>Reads a picture back with tesseract, as a viewer would read the slide.</summary>
public static class Ocr
{
    /// <summary>The text tesseract finds in <paramref name="image"/>, white space removed; light text on dark is inverted first.</summary>
    public static async Task<string> ReadAsync(string image, string tesseractLanguages, string? crop = null)
    {
        var inverted = Path.ChangeExtension(image, ".ocr.png");
        var filter = (crop is null ? "" : $"crop={crop},") + "negate,format=gray";
        await Tool.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", image, "-vf", filter, inverted);
        var (text, _) = await Tool.RunAsync("tesseract", inverted, "-", "-l", tesseractLanguages, "--psm", "6");
        return new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()).Normalize(NormalizationForm.FormC);
    }

    /// <summary>The fraction of the expected text's letters (in order of appearance, each counted as often as it occurs) found in what was read.</summary>
    public static double LettersFound(string expected, string read)
    {
        var available = read.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var letters = expected.Normalize(NormalizationForm.FormC).Where(c => char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherLetter).ToList();
        var found = 0;
        foreach (var letter in letters)
        {
            if (available.GetValueOrDefault(letter) > 0)
            {
                available[letter]--;
                found++;
            }
        }

        return letters.Count == 0 ? 1 : found / (double)letters.Count;
    }
}

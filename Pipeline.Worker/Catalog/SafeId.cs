using System.Text.RegularExpressions;

namespace VideoGen.Worker.Catalog;

/// <summary>
/// Course and lesson ids become folder and file names, so only ids that are plain, portable file names
/// on every operating system are accepted.
/// </summary>
public static partial class SafeId
{
    public const int MaxLength = 100;

    private static readonly HashSet<string> ReservedDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex Allowed();

    /// <summary>Returns why <paramref name="id"/> is not a safe file name, or null when it is.</summary>
    public static string? Check(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "is missing";
        }

        if (id.Length > MaxLength)
        {
            return $"is {id.Length} characters long (at most {MaxLength} allowed)";
        }

        if (!Allowed().IsMatch(id))
        {
            return $"'{Printable(id)}' is not a safe file name (allowed: letters, digits, '.', '_' and '-', starting with a letter or digit)";
        }

        if (id.EndsWith('.'))
        {
            return $"'{id}' ends with '.'";
        }

        var stem = id.Split('.')[0];
        if (ReservedDeviceNames.Contains(stem))
        {
            return $"'{id}' is a reserved device name";
        }

        return null;
    }

    /// <summary>Makes control characters visible so an error message shows what the id really holds.</summary>
    public static string Printable(string value)
    {
        const int shown = 60;
        var text = value.Length > shown ? value[..shown] + "..." : value;
        return string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}

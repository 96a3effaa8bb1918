using ColorCode;
using ColorCode.Parsing;
using SkiaSharp;

namespace VideoGen.Worker.Slides;

/// <summary>
/// Syntax colours for a slide's code: ColorCode's grammar for the fence's language (python, csharp, javascript, sql,
/// java, cpp, ...) marks keywords, strings, comments and numbers; code in a language it does not know stays one colour.
/// </summary>
public sealed class CodeColors : CodeColorizerBase
{
    public static readonly SKColor Plain = new(0xe2, 0xe8, 0xf0);
    private static readonly SKColor Keyword = new(0xc4, 0xb5, 0xfd);
    private static readonly SKColor Text = new(0x86, 0xef, 0xac);
    private static readonly SKColor Comment = new(0x94, 0xa3, 0xb8);
    private static readonly SKColor Number = new(0xfd, 0xba, 0x74);
    private static readonly SKColor BuiltIn = new(0x7d, 0xd3, 0xfc);

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["py"] = "python", ["python3"] = "python", ["cs"] = "c#", ["csharp"] = "c#", ["js"] = "javascript",
        ["ts"] = "typescript", ["c++"] = "cpp", ["c"] = "cpp", ["ps1"] = "powershell", ["fsharp"] = "f#", ["md"] = "markdown",
    };

    private readonly SKColor[] _colors;
    private int _offset;

    private CodeColors(int length)
        : base(null, null)
    {
        _colors = Enumerable.Repeat(Plain, length).ToArray();
    }

    /// <summary>The colour of each UTF-16 character of <paramref name="code"/>.</summary>
    public static SKColor[] For(string code, string language)
    {
        var colorizer = new CodeColors(code.Length);
        var id = Aliases.GetValueOrDefault(language.Trim(), language.Trim());
        if (id.Length > 0 && Languages.FindById(id) is { } grammar)
        {
            colorizer.languageParser.Parse(code, grammar, colorizer.Write);
        }

        return colorizer._colors;
    }

    // ColorCode hands over the code in order, fragment by fragment, each with its scopes counted from its start.
    protected override void Write(string parsedSourceCode, IList<Scope> scopes)
    {
        foreach (var scope in scopes)
        {
            Paint(scope);
        }

        _offset += parsedSourceCode.Length;
    }

    private void Paint(Scope scope)
    {
        if (ColorOf(scope.Name) is { } color)
        {
            var start = Math.Clamp(_offset + scope.Index, 0, _colors.Length);
            var end = Math.Clamp(start + scope.Length, start, _colors.Length);
            Array.Fill(_colors, color, start, end - start);
        }

        foreach (var child in scope.Children)
        {
            Paint(child);
        }
    }

    private static SKColor? ColorOf(string scope) => scope switch
    {
        _ when scope.Contains("Comment", StringComparison.Ordinal) => Comment,
        _ when scope.Contains("String", StringComparison.Ordinal) => Text,
        _ when scope.Contains("Number", StringComparison.Ordinal) => Number,
        _ when scope.Contains("Keyword", StringComparison.Ordinal) => Keyword,
        _ when scope.Contains("Intrinsic", StringComparison.Ordinal) || scope.Contains("Type", StringComparison.Ordinal) || scope.Contains("Class", StringComparison.Ordinal) => BuiltIn,
        _ => null,
    };
}

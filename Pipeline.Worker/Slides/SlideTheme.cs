using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SkiaSharp;

namespace VideoGen.Worker.Slides;

/// <summary>The slides' calm dark look, with one accent colour per course so that courses tell apart at a glance.</summary>
public static class SlideTheme
{
    public const int Width = 1280;
    public const int Height = 720;
    public const float Margin = 80;

    /// <summary>The presenter's round picture in the bottom right corner, about a fifth of the frame's width.</summary>
    public const int PresenterSize = 256;

    /// <summary>From the presenter's picture to the frame's right and bottom edges.</summary>
    public const int PresenterInset = 32;

    /// <summary>The width a slide's text leaves free on the right for the presenter, with a gap.</summary>
    public const float PresenterRoom = PresenterSize + PresenterInset + 24 - Margin;

    public static readonly SKColor Background = new(0x0f, 0x17, 0x2a);
    public static readonly SKColor Ink = SKColors.White;
    public static readonly SKColor Muted = new(0x94, 0xa3, 0xb8);
    public static readonly SKColor CodeBackground = new(0x1e, 0x29, 0x3b);

    private static readonly SKColor[] Accents =
    [
        new(0x38, 0xbd, 0xf8), // sky
        new(0x2d, 0xd4, 0xbf), // teal
        new(0xa7, 0x8b, 0xfa), // violet
        new(0xfb, 0xbf, 0x24), // amber
        new(0xfb, 0x71, 0x85), // rose
        new(0x34, 0xd3, 0x99), // emerald
    ];

    public static SKColor Accent(string courseTitle) => Accents[Hash(courseTitle) % (uint)Accents.Length];

    /// <summary>A stable number from a text, for choices that must not change between runs or machines.</summary>
    public static uint Hash(string text) => BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

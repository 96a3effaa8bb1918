using System.Security.Cryptography;
using System.Text;

namespace VideoGen.Worker.Providers.NeoVerse;

/// <summary>NeoVerse's camera path presets, and the one each scene gets.</summary>
public static class Trajectories
{
    /// <summary>Every preset but <c>static</c>: a shot is there to move.</summary>
    public static readonly string[] Moving =
    [
        "orbit_left", "orbit_right", "push_in", "pull_out", "pan_left", "pan_right",
        "tilt_up", "tilt_down", "move_left", "move_right", "boom_up", "boom_down",
    ];

    /// <summary>The gentle ones, for a slide of text: they neither turn the page away nor look past its edge.</summary>
    public static readonly string[] Gentle = ["push_in", "pull_out", "pan_left", "pan_right"];

    /// <summary>
    /// The path of a scene, chosen from its text so the same lesson always gets the same shots; the scenes that share
    /// one picture (<paramref name="taken"/>) never get the same path twice, so they look like different shots.
    /// </summary>
    public static string For(int scene, string text, bool slide, IReadOnlyCollection<string> taken)
    {
        var presets = slide ? Gentle : Moving;
        var start = SHA256.HashData(Encoding.UTF8.GetBytes($"{scene}\n{text}"))[0] % presets.Length;
        for (var i = 0; i < presets.Length; i++)
        {
            var preset = presets[(start + i) % presets.Length];
            if (!taken.Contains(preset))
            {
                return preset;
            }
        }

        return presets[start];
    }
}

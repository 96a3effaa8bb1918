using System.Security.Cryptography;
using System.Text;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// A hash of everything that went into a lesson's video: its texts, the provider and every setting that
/// changes the output. A lesson whose fingerprint changed is made again.
/// </summary>
public sealed class LessonFingerprint(IEnhancer enhancer, INarrator narrator, IFootageSource footage, IRenderer renderer, IPresenter presenter)
{
    public string For(Lesson lesson, string provider)
    {
        // Footage and composition were one setting once: joined the same way, existing fingerprints stay valid.
        var render = string.Join(';', new[] { footage.Settings, renderer.Settings, presenter.Settings }.Where(s => s.Length > 0));
        var text = string.Join('\u001f', "v1", provider, enhancer.Settings, narrator.Settings, render,
            lesson.CourseTitle, lesson.Title, lesson.Text);
        if (lesson.Instructions is { } instructions)
        {
            // Instructions change what is written; a lesson without them keeps the fingerprint it had.
            text += "\u001finstructions\u001f" + instructions;
        }

        if (lesson.Image is { } image && File.Exists(image))
        {
            // A new picture at the same path makes a new video; a lesson without one keeps the fingerprint it had.
            using var picture = File.OpenRead(image);
            text += '\u001f' + Convert.ToHexStringLower(SHA256.HashData(picture));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}

namespace VideoGen.Worker.Providers.Presenter;

/// <summary>Who presents: the portrait both presenters start from.</summary>
public sealed class PresenterOptions
{
    public const string Section = "Providers:Presenter";

    /// <summary>
    /// A portrait (PNG, JPEG or WebP): a head-and-shoulders picture, face centred, as AvatarForcing expects. Empty: the
    /// presenter the project draws itself.
    /// </summary>
    public string? Portrait { get; set; }
}

using System.ComponentModel.DataAnnotations;
using VideoGen.Worker.Lessons;

namespace VideoGen.Worker.CommandLine;

/// <summary>What to make and where: bound from the command line, environment and appsettings.</summary>
public sealed class WorkerOptions
{
    public const string Section = "VideoGen";

    public const string Local = "local";
    public const string Vertex = "vertex";
    public const string Gemini = "gemini";

    public static readonly string[] Providers = [Local, Vertex, Gemini];

    /// <summary>The providers that call Google's generative AI (Gemini, Gemini TTS, Veo), through either backend.</summary>
    public static bool IsGoogle(string provider) => provider is Vertex or Gemini;

    public const string Once = "once";
    public const string Service = "service";

    public const string FolderStore = "folder";
    public const string BlobStore = "blob";

    /// <summary>The catalog file, JSON or CSV (run-once mode).</summary>
    public string Catalog { get; set; } = "";

    /// <summary><c>once</c>: make one catalog and exit. <c>service</c>: take catalogs from the Redis queue, and wait for more.</summary>
    [RegularExpression("^(once|service)$", ErrorMessage = "VideoGen:Mode must be 'once' or 'service'.")]
    public string Mode { get; set; } = Once;

    /// <summary>Where finished videos go: <c>folder</c> (the output folder) or <c>blob</c> (Azure Blob Storage).</summary>
    [RegularExpression("^(folder|blob)$", ErrorMessage = "VideoGen:Store must be 'folder' or 'blob'.")]
    public string Store { get; set; } = FolderStore;

    /// <summary>In service mode, how often an empty queue is looked at again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The folder the videos and reports go to.</summary>
    [Required(ErrorMessage = "No output folder given: pass --output <dir> (or set VideoGen__Output).")]
    public string Output { get; set; } = "";

    public string Provider { get; set; } = Local;

    public const string CameraOff = "off";
    public const string CameraLocal = "local";
    public const string CameraNeoVerse = "neoverse";

    /// <summary>
    /// <c>local</c>: gentle camera moves over every scene, computed with ffmpeg; <c>neoverse</c>: every scene re-rendered
    /// along a camera path by a NeoVerse server; <c>off</c>: still slides.
    /// </summary>
    [RegularExpression("^(off|local|neoverse)$", ErrorMessage = "VideoGen:Camera (--camera) must be off, local or neoverse.")]
    public string Camera { get; set; } = CameraLocal;

    public const string PresenterOff = "off";
    public const string PresenterLocal = "local";
    public const string PresenterAvatarForcing = "avatarforcing";

    /// <summary>
    /// <c>local</c>: a presenter drawn on the CPU, speaking the narration in the bottom right corner; <c>avatarforcing</c>:
    /// a talking head from an AvatarForcing server (CC BY-NC 4.0, non-commercial use only); <c>off</c>: none.
    /// </summary>
    [RegularExpression("^(off|local|avatarforcing)$", ErrorMessage = "VideoGen:Presenter (--presenter) must be off, local or avatarforcing.")]
    public string Presenter { get; set; } = PresenterOff;

    public const string VisualsNone = "none";
    public const string VisualsImages = "images";
    public const string VisualsClips = "clips";
    public const string VisualsBoth = "both";

    public static readonly string[] VisualChoices = [VisualsNone, VisualsImages, VisualsClips, VisualsBoth];

    /// <summary>
    /// What is paid for to give scenes without a figure of the lesson a picture: <c>images</c> (a generated illustration
    /// each, about $0.04), <c>clips</c> (Veo clips for the first of them, about $0.40 or more each), <c>both</c> (an
    /// illustration each, and the clips start from theirs), or <c>none</c> (text slides). Google providers only, but <c>none</c>.
    /// </summary>
    [RegularExpression("^(none|images|clips|both)$", ErrorMessage = "VideoGen:Visuals (--visuals) must be none, images, clips or both.")]
    public string Visuals { get; set; } = VisualsClips;

    /// <summary>Whether scenes get generated illustrations.</summary>
    public bool Illustrates => Visuals is VisualsImages or VisualsBoth;

    /// <summary>Whether scenes get Veo clips.</summary>
    public bool MakesClips => Visuals is VisualsClips or VisualsBoth;

    /// <summary>
    /// How long each video is: <c>standard</c> grows with the lesson (a minute per 700 words, 1 to 6 minutes), <c>short</c>
    /// is about 80 seconds, <c>long</c> half as long again as standard, or a number of minutes.
    /// </summary>
    [RegularExpression(@"^(short|standard|long|\d{1,2}(\.\d+)?)$", ErrorMessage = "VideoGen:Length (--length) must be short, standard, long or a number of minutes from 0.5 to 20.")]
    public string Length { get; set; } = VideoLength.Standard;

    /// <summary>
    /// What every script should keep in mind (audience, tone, what to stress), after the catalog's, course's and lesson's
    /// own instructions. Gemini follows them; the offline writer cannot and says so.
    /// </summary>
    [MaxLength(4000, ErrorMessage = "VideoGen:Instructions (--instructions) may have at most 4000 characters.")]
    public string Instructions { get; set; } = "";

    /// <summary>
    /// The most a catalog's making may spend, in US dollars, across every worker and run until it is finished: no paid
    /// request starts that would pass it. Unset: no cap.
    /// </summary>
    [Range(0.01, 10_000_000, ErrorMessage = "VideoGen:MaxSpend (--max-spend) must be an amount of US dollars from 0.01 up.")]
    public decimal? MaxSpend { get; set; }

    /// <summary>Make every lesson again, finished or not.</summary>
    public bool Force { get; set; }

    /// <summary>Only say what would be made and what it would cost; call no paid API.</summary>
    public bool DryRun { get; set; }

    /// <summary>Try lessons again that failed permanently in an earlier run (transient failures are always retried).</summary>
    public bool RetryFailed { get; set; }

    /// <summary>Request again the generated clips whose answers were lost in earlier runs, at the risk of paying twice.</summary>
    public bool ResubmitUnknown { get; set; }

    /// <summary>Only print the catalog's lessons that failed in earlier runs, with their reasons.</summary>
    public bool ListFailed { get; set; }
}

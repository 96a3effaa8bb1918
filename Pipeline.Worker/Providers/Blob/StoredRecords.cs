using System.Globalization;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Blob;

/// <summary>A video's record as blob metadata: names are case-insensitive identifiers, values plain ASCII.</summary>
public static class StoredRecords
{
    private const string Fingerprint = "videogen_fingerprint";
    private const string Version = "videogen_version";
    private const string MadeAt = "videogen_made_at";

    public static Dictionary<string, string> ToMetadata(StoredRecord record) => new()
    {
        [Fingerprint] = record.Fingerprint,
        [Version] = record.Version,
        [MadeAt] = record.MadeAt.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>The record, or null for a blob stored without one (or with one that cannot be read).</summary>
    public static StoredRecord? FromMetadata(IDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        var values = new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
        return values.TryGetValue(Fingerprint, out var fingerprint) && fingerprint.Length > 0
               && values.TryGetValue(Version, out var version) && version.Length > 0
               && values.TryGetValue(MadeAt, out var madeAt)
               && DateTimeOffset.TryParse(madeAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? new StoredRecord(fingerprint, version, at)
            : null;
    }
}

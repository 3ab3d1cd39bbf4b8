using System.IO.Compression;
using System.Text.Json;

namespace Bot.Cli.Teams;

/// <summary>Writes the Teams app package: manifest.json and the two icons at the root of a zip file.</summary>
internal static class TeamsPackage
{
    public const string ManifestName = "manifest.json";
    public const string ColorIconName = "color.png";
    public const string OutlineIconName = "outline.png";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Writes the package to <paramref name="path"/>. The zip is built in a temporary file beside it and moved into
    /// place, so a failure never leaves a half-written package.
    /// </summary>
    public static void Write(TeamsPackageSettings settings, string path)
    {
        var manifest = TeamsManifest.Build(settings).ToJsonString(Indented);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                Add(zip, ManifestName, System.Text.Encoding.UTF8.GetBytes(manifest));
                Add(zip, ColorIconName, TeamsIcons.Color());
                Add(zip, OutlineIconName, TeamsIcons.Outline());
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(content);
    }
}

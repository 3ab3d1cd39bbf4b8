using Bot.Knowledge.Cleaning;
using Bot.Knowledge.Loading;
using YamlDotNet.RepresentationModel;

namespace Bot.Knowledge.Validation;

/// <summary>
/// Authoring check of <c>sources/</c>: every raw page has metadata whose checksum and size match it (raw
/// pages are kept byte-for-byte), and re-running the cleaning step on it gives exactly the committed
/// cleaned text and report (nothing edited by hand, nothing stale). The host never runs this: it reads
/// the committed cleaned texts (<see cref="SourcesLoader"/>).
/// </summary>
internal static class SourceFreshnessCheck
{
    public static void Run(LoadContext c)
    {
        var folder = c.Full(KnowledgeFiles.SourcesFolder);
        if (!Directory.Exists(folder))
        {
            return; // SourcesLoader reports the missing folder
        }

        foreach (var raw in Directory.GetFiles(folder, "*.txt").Where(CleanedPageFormat.IsRawPage).Order(StringComparer.Ordinal))
        {
            CheckMeta(c, raw);

            CleanedPage page;
            try
            {
                page = SourceCleaner.Clean(Path.GetFileName(raw), File.ReadAllText(raw));
            }
            catch (ArgumentException ex)
            {
                c.Problems.Add(c.Relative(raw), 1, ex.Message);
                continue;
            }

            var rerun = $"regenerate it with `{CleanedPageFormat.CommandFor(page)}`";
            CheckGenerated(c, CleanedPageFormat.CleanedPathFor(raw), CleanedPageFormat.ToCleanedText(page), rerun);
            CheckGenerated(c, CleanedPageFormat.ReportPathFor(raw), CleanedPageFormat.ToReport(page), rerun);
        }

        foreach (var cleaned in Directory.GetFiles(folder, "*" + CleanedPageFormat.CleanedSuffix))
        {
            var raw = cleaned[..^CleanedPageFormat.CleanedSuffix.Length] + ".txt";
            if (!File.Exists(raw))
            {
                c.Problems.Add(c.Relative(cleaned), 1, $"has no raw page ({Path.GetFileName(raw)}); a cleaned text must come from a kept source");
            }
        }
    }

    /// <summary>A file the cleaning step writes must be exactly what it would write now.</summary>
    private static void CheckGenerated(LoadContext c, string path, string expected, string rerun)
    {
        if (!File.Exists(path))
        {
            c.Problems.Add(c.Relative(path), 1, $"is missing: {rerun}");
            return;
        }

        var actual = File.ReadAllText(path);
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            c.Problems.Add(c.Relative(path), FirstDifferentLine(actual, expected), $"is out of date with its raw page or was edited by hand: {rerun}");
        }
    }

    private static int FirstDifferentLine(string actual, string expected)
    {
        var a = actual.Split('\n');
        var e = expected.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, e.Length); i++)
        {
            if (!string.Equals(a[i], e[i], StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return Math.Min(a.Length, e.Length) + 1;
    }

    private static void CheckMeta(LoadContext c, string raw)
    {
        var metaPath = Path.ChangeExtension(raw, null) + ".meta.yaml";
        var rel = c.Relative(metaPath);
        if (!File.Exists(metaPath))
        {
            c.Problems.Add(rel, 1, $"is missing: every raw page needs its metadata (what it is, how it was obtained, dates seen, that it is contaminated)");
            return;
        }

        var node = YamlFile.Load(metaPath, rel, c.Problems);
        if (node is null)
        {
            return;
        }

        if (node is not YamlMappingNode map)
        {
            c.Problems.Add(rel, YamlFile.LineOf(node), "must be a map of fields");
            return;
        }

        var r = new MappingReader(map, rel, c.Problems, "source metadata");
        r.RejectUnknownKeys("file", "what", "obtained", "sha256", "bytes", "dates_seen", "contaminated", "contamination", "notes");
        var file = r.String("file");
        r.String("what");
        r.String("obtained");
        var sha = r.String("sha256");
        var bytes = r.Int("bytes");
        r.StringList("dates_seen", allowEmpty: true);
        var contaminated = r.Bool("contaminated", required: true);
        r.StringList("contamination", required: contaminated == true);
        r.String("notes", required: false);

        var content = File.ReadAllBytes(raw);
        if (file is not null && !string.Equals(file, Path.GetFileName(raw), StringComparison.Ordinal))
        {
            r.Problem(r.LineOf("file"), $"'file' is '{file}' but the metadata belongs to {Path.GetFileName(raw)}");
        }

        if (sha is not null)
        {
            var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
            if (!string.Equals(sha, actual, StringComparison.Ordinal))
            {
                r.Problem(r.LineOf("sha256"), $"sha256 does not match the raw page (it is {actual}): raw pages are kept byte-for-byte and never edited");
            }
        }

        if (bytes is not null && bytes.Value != content.Length)
        {
            r.Problem(r.LineOf("bytes"), $"bytes is {bytes} but the raw page has {content.Length}");
        }
    }
}

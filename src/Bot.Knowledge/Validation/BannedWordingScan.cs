using Bot.Knowledge.Loading;
using YamlDotNet.RepresentationModel;

namespace Bot.Knowledge.Validation;

/// <summary>
/// Authoring check: banned wording (<see cref="BannedWording"/>) anywhere in <c>knowledge/</c> outside
/// <c>sources/</c>, in YAML values and comments and in markdown and text files. Matcher fields
/// (<c>patterns</c>, <c>terms</c>, <c>canonical</c>) are exempt: they recognise what users type.
/// </summary>
internal static class BannedWordingScan
{
    /// <summary>Keys whose values recognise user input (regular expressions, synonym terms) rather than being published.</summary>
    private static readonly HashSet<string> MatcherKeys = new(StringComparer.Ordinal) { "patterns", "terms", "canonical" };

    public static void Run(LoadContext c)
    {
        foreach (var path in Directory.EnumerateFiles(c.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = c.Relative(path);
            if (rel.StartsWith(KnowledgeFiles.SourcesFolder + "/", StringComparison.Ordinal))
            {
                continue;
            }

            if (path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))
            {
                var ignore = new ProblemList();
                var node = YamlFile.Load(path, rel, ignore);
                if (node is not null)
                {
                    ScanNode(c, rel, node, matcher: false);
                }

                ScanComments(c, rel, path);
            }
            else if (path.EndsWith(".md", StringComparison.Ordinal) || path.EndsWith(".txt", StringComparison.Ordinal))
            {
                var lines = File.ReadAllLines(path);
                for (var i = 0; i < lines.Length; i++)
                {
                    Report(c, rel, i + 1, lines[i]);
                }
            }
        }
    }

    private static void ScanComments(LoadContext c, string rel, string path)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var hash = lines[i].IndexOf(" #", StringComparison.Ordinal);
            var comment = lines[i].TrimStart().StartsWith('#') ? lines[i] : hash >= 0 ? lines[i][hash..] : null;
            if (comment is not null)
            {
                Report(c, rel, i + 1, comment);
            }
        }
    }

    private static void ScanNode(LoadContext c, string rel, YamlNode node, bool matcher)
    {
        switch (node)
        {
            case YamlScalarNode s when !matcher:
                Report(c, rel, YamlFile.LineOf(s), s.Value ?? string.Empty);
                break;
            case YamlSequenceNode seq:
                foreach (var child in seq.Children)
                {
                    ScanNode(c, rel, child, matcher);
                }

                break;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var isMatcher = matcher || (YamlFile.ScalarText(key) is { } k && MatcherKeys.Contains(k));
                    ScanNode(c, rel, value, isMatcher);
                }

                break;
        }
    }

    private static void Report(LoadContext c, string rel, int line, string text)
    {
        foreach (var (term, match) in BannedWording.Find(text))
        {
            c.Problems.Add(rel, line, $"banned wording '{match}': {term.Reason}");
        }
    }
}

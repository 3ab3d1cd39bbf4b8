using Bot.Knowledge.Cleaning;
using Bot.Knowledge.Model;

namespace Bot.Knowledge.Loading;

/// <summary>
/// Reads the committed cleaned texts of <c>sources/</c> (one per raw page) into sentences by id. It does not
/// re-run the cleaning step: whether the cleaned texts are up to date is an authoring check
/// (<see cref="Validation.SourceFreshnessCheck"/>), made by <c>validate</c> and the tests.
/// </summary>
internal static class SourcesLoader
{
    public static Dictionary<string, SourceSentence> Load(LoadContext c)
    {
        var result = new Dictionary<string, SourceSentence>(StringComparer.Ordinal);
        var folder = c.Full(KnowledgeFiles.SourcesFolder);
        if (!Directory.Exists(folder))
        {
            c.Problems.Add(KnowledgeFiles.SourcesFolder, 1, "is missing (the raw pages and their cleaned forms live there)");
            return result;
        }

        foreach (var raw in Directory.GetFiles(folder, "*.txt").Where(CleanedPageFormat.IsRawPage).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(raw);
            string prefix;
            try
            {
                prefix = SourceCleaner.PrefixFor(name);
            }
            catch (ArgumentException ex)
            {
                c.Problems.Add(c.Relative(raw), 1, ex.Message);
                continue;
            }

            var cleanedPath = CleanedPageFormat.CleanedPathFor(raw);
            var cleanedRel = c.Relative(cleanedPath);
            if (!File.Exists(cleanedPath))
            {
                c.Problems.Add(cleanedRel, 1, $"is missing: regenerate it with `{CleanedPageFormat.CommandFor(name)}`");
                continue;
            }

            var (sentences, errors) = CleanedPageFormat.Parse(File.ReadAllText(cleanedPath));
            foreach (var (line, message) in errors)
            {
                c.Problems.Add(cleanedRel, line, message);
            }

            foreach (var s in sentences)
            {
                if (!s.Id.StartsWith(prefix + ".", StringComparison.Ordinal))
                {
                    c.Problems.Add(cleanedRel, s.Line, $"sentence id '{s.Id}' does not belong to this page (its ids start with {prefix}.)");
                    continue;
                }

                if (!result.TryAdd(s.Id, new SourceSentence(s.Id, s.Text, new SourceLocation(cleanedRel, s.Line))))
                {
                    c.Problems.Add(cleanedRel, s.Line, $"duplicate sentence id '{s.Id}' (first at {result[s.Id].Location})");
                }
            }
        }

        return result;
    }
}

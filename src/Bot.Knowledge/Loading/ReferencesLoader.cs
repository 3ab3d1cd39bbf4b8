using Bot.Knowledge.Model;
using Bot.Knowledge.Validation;

namespace Bot.Knowledge.Loading;

/// <summary>Reads <c>references.yaml</c>: the bibliography (id, real title, publisher, year of the work, optional accessed date, canonical URL, tier).</summary>
internal static class ReferencesLoader
{
    public static Dictionary<string, Reference> Load(LoadContext c)
    {
        var result = new Dictionary<string, Reference>(StringComparer.Ordinal);
        var list = c.RequiredList(KnowledgeFiles.References, "references");
        if (list is null)
        {
            return result;
        }

        foreach (var r in c.Items(list, KnowledgeFiles.References, "reference"))
        {
            r.RejectUnknownKeys("id", "title", "publisher", "year", "url", "tier", "note", "accessed");
            var id = LoadContext.CheckId(r, "reference");
            var title = r.String("title");
            var publisher = r.String("publisher");
            var year = r.Int("year");
            var urlText = r.String("url");
            var tierText = r.String("tier");
            var note = r.String("note", required: false);
            var accessed = r.Date("accessed", required: false);

            if (year is { } y && (y < 1800 || y > DateTime.UtcNow.Year + 1))
            {
                r.Problem(r.LineOf("year"), $"reference '{id}': year {y} is not plausible");
            }

            if (accessed is { } read)
            {
                if (read > c.Today)
                {
                    r.Problem(r.LineOf("accessed"), $"reference '{id}': accessed date {read:yyyy-MM-dd} is in the future");
                }
                else if (year is { } published && published > read.Year)
                {
                    r.Problem(r.LineOf("year"), $"reference '{id}': year {published} is after the date it was accessed ({read:yyyy-MM-dd}); 'year' is the year of the work, 'accessed' the date it was read");
                }
            }

            Uri? url = null;
            if (urlText is not null)
            {
                if (!Uri.TryCreate(urlText, UriKind.Absolute, out url))
                {
                    r.Problem(r.LineOf("url"), $"reference '{id}': '{urlText}' is not a valid absolute URL");
                }
                else if (CanonicalUrls.Check(url) is { } why)
                {
                    r.Problem(r.LineOf("url"), $"reference '{id}': non-canonical URL {urlText}: {why}");
                    url = null;
                }
            }

            ReferenceTier? tier = null;
            if (tierText is not null)
            {
                if (Enum.TryParse<ReferenceTier>(tierText, ignoreCase: false, out var t) && Enum.IsDefined(t) && tierText.Length == 1)
                {
                    tier = t;
                }
                else
                {
                    r.Problem(r.LineOf("tier"), $"reference '{id}': tier must be A, B or C, not '{tierText}'");
                }
            }

            if (id is null || title is null || publisher is null || year is null || url is null || tier is null)
            {
                continue;
            }

            if (result.TryGetValue(id, out var first))
            {
                r.Problem(r.LineOf("id"), $"duplicate reference id '{id}' (first defined at {first.Location})");
                continue;
            }

            result[id] = new Reference(id, title, publisher, year.Value, url, tier.Value, new SourceLocation(KnowledgeFiles.References, r.Line)) { Note = note, Accessed = accessed };
        }

        return result;
    }
}

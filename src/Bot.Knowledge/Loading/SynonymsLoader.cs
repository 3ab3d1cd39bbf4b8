using Bot.Knowledge.Model;

namespace Bot.Knowledge.Loading;

/// <summary>Reads <c>synonyms.yaml</c>: groups of lay terms and abbreviations with the word they mean.</summary>
internal static class SynonymsLoader
{
    public static List<SynonymGroup> Load(LoadContext c)
    {
        var result = new List<SynonymGroup>();
        var list = c.RequiredList(KnowledgeFiles.Synonyms, "synonym groups");
        if (list is null)
        {
            return result;
        }

        foreach (var r in c.Items(list, KnowledgeFiles.Synonyms, "synonym group"))
        {
            r.RejectUnknownKeys("canonical", "terms");
            var canonical = r.String("canonical");
            var terms = r.StringList("terms");
            if (canonical is null || terms is null || terms.Count == 0)
            {
                continue;
            }

            result.Add(new SynonymGroup(canonical, terms.Select(t => t.Value).ToArray(), new SourceLocation(KnowledgeFiles.Synonyms, r.Line)));
        }

        return result;
    }
}

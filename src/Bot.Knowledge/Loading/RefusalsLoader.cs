using Bot.Knowledge.Model;

namespace Bot.Knowledge.Loading;

/// <summary>Reads <c>safety/refusals.yaml</c>: the topics the bot declines, each answered with a fixed text.</summary>
internal static class RefusalsLoader
{
    public static List<RefusalTopic> Load(LoadContext c, IReadOnlyDictionary<string, string> texts)
    {
        var result = new List<RefusalTopic>();
        var list = c.RequiredList(KnowledgeFiles.Refusals, "refusal topics");
        if (list is null)
        {
            return result;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in c.Items(list, KnowledgeFiles.Refusals, "refusal topic"))
        {
            r.RejectUnknownKeys("id", "description", "patterns", "text");
            var id = LoadContext.CheckId(r, "refusal topic");
            var description = r.String("description");
            var patterns = Patterns.Read(r, id);
            var text = r.String("text");
            if (text is not null && texts.Count > 0 && !texts.ContainsKey(text))
            {
                r.Problem(r.LineOf("text"), $"refusal topic '{id}': unknown text key '{text}' (not in {KnowledgeFiles.Texts})");
            }

            if (id is not null && !ids.TryAdd(id, r.Line))
            {
                r.Problem(r.LineOf("id"), $"duplicate refusal topic id '{id}' (first at line {ids[id]})");
                continue;
            }

            if (id is null || description is null || patterns is null || text is null)
            {
                continue;
            }

            result.Add(new RefusalTopic(id, description, patterns, text, new SourceLocation(KnowledgeFiles.Refusals, r.Line)));
        }

        return result;
    }
}

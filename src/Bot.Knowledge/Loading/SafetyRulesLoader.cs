using Bot.Knowledge.Model;

namespace Bot.Knowledge.Loading;

/// <summary>Reads <c>safety/emergency.yaml</c>: the red-flag rules, each emergency rule citing the reference it rests on.</summary>
internal static class SafetyRulesLoader
{
    public static List<SafetyRule> Load(LoadContext c, IReadOnlyDictionary<string, Reference> references)
    {
        var result = new List<SafetyRule>();
        var list = c.RequiredList(KnowledgeFiles.Emergency, "red-flag rules");
        if (list is null)
        {
            return result;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in c.Items(list, KnowledgeFiles.Emergency, "red-flag rule"))
        {
            r.RejectUnknownKeys("id", "kind", "description", "patterns", "references");
            var id = LoadContext.CheckId(r, "red-flag rule");
            var kindText = r.String("kind");
            var description = r.String("description");
            var patterns = Patterns.Read(r, id);
            var refIds = r.StringList("references", allowEmpty: true) ?? [];
            SafetyRuleKind? kind = kindText switch
            {
                "emergency" => SafetyRuleKind.Emergency,
                "crisis" => SafetyRuleKind.Crisis,
                _ => null,
            };
            if (kindText is not null && kind is null)
            {
                r.Problem(r.LineOf("kind"), $"red-flag rule '{id}': kind must be 'emergency' or 'crisis', not '{kindText}'");
            }

            foreach (var refId in refIds)
            {
                if (!references.ContainsKey(refId.Value))
                {
                    r.Problem(refId.Line, $"red-flag rule '{id}': unknown reference id '{refId.Value}' (not in {KnowledgeFiles.References})");
                }
            }

            if (kind == SafetyRuleKind.Emergency && r.Node("references") is not null && refIds.Count == 0)
            {
                r.Problem(r.LineOf("references"), $"red-flag rule '{id}': an emergency rule must cite the reference it rests on");
            }

            if (id is not null && !ids.TryAdd(id, r.Line))
            {
                r.Problem(r.LineOf("id"), $"duplicate red-flag rule id '{id}' (first at line {ids[id]})");
                continue;
            }

            if (id is null || kind is null || description is null || patterns is null)
            {
                continue;
            }

            result.Add(new SafetyRule(id, kind.Value, description, patterns, refIds.Select(x => x.Value).ToArray(), new SourceLocation(KnowledgeFiles.Emergency, r.Line)));
        }

        return result;
    }
}

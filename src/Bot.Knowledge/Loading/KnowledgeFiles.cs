namespace Bot.Knowledge.Loading;

/// <summary>The paths of <c>knowledge/</c>, relative to its root (formats in knowledge/README.md).</summary>
internal static class KnowledgeFiles
{
    public const string References = "references.yaml";
    public const string FactsFolder = "facts";
    public const string SourcesFolder = "sources";
    public const string Synonyms = "synonyms.yaml";
    public const string Emergency = "safety/emergency.yaml";
    public const string Refusals = "safety/refusals.yaml";
    public const string Texts = "safety/texts.yaml";
}

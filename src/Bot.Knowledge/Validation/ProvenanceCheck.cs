using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;

namespace Bot.Knowledge.Validation;

/// <summary>
/// Authoring check: every seed sentence a fact names as its provenance is a sentence of a cleaned source
/// (a removed sentence cannot be cited; a fact correcting one is "added from references").
/// </summary>
internal static class ProvenanceCheck
{
    public static void Run(LoadContext c, IReadOnlyList<ProvenanceEntry> provenance, IReadOnlyDictionary<string, SourceSentence> sentences)
    {
        foreach (var p in provenance)
        {
            if (!sentences.ContainsKey(p.SentenceId))
            {
                c.Problems.Add(p.Where.File, p.Where.Line, $"{p.FactLabel}: provenance '{p.SentenceId}' points to no sentence of a cleaned source (removed sentences cannot be cited)");
            }
        }
    }
}

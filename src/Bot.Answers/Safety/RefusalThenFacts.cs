namespace Bot.Answers.Safety;

/// <summary>
/// A refusal topic whose fixed text a cited fact may follow (knowledge/safety/refusal-then-facts.yaml).
/// </summary>
/// <param name="LeadTextKey">The key in safety/texts.yaml of the short refusal that comes first.</param>
/// <param name="Facts">The facts that may follow: the one retrieval ranks first, when it clears the threshold.</param>
public sealed record RefusalThenFacts(string LeadTextKey, IReadOnlySet<string> Facts);

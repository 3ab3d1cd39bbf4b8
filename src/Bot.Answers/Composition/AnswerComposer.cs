using System.Text;
using Bot.Knowledge.Model;
using Bot.Knowledge.Text;

namespace Bot.Answers.Composition;

/// <summary>A composed reply body: the text with [n] markers, its numbered sources, and its claims in order.</summary>
/// <param name="Text">The facts' claims, each followed by the markers of its own references; facts are separated by a blank line.</param>
/// <param name="Citations">The sources of the whole reply, numbered 1, 2, ... in order of first use.</param>
/// <param name="Claims">Every claim in order, its text without markers and the numbers of its own references.</param>
public sealed record ComposedAnswer(string Text, IReadOnlyList<Citation> Citations, IReadOnlyList<AnswerClaim> Claims);

/// <summary>
/// Composes one to three facts into one reply (the answer to one question, or to each question of a
/// message that asks several). The sources of the whole reply are numbered once, in order of first use,
/// and each claim is followed by the markers of the references that claim cites, and of no other, so a
/// figure is never credited to a paper that does not state it. Immutable and thread-safe.
/// </summary>
public sealed class AnswerComposer
{
    /// <summary>The most facts one reply is composed of.</summary>
    public const int MaxFacts = 3;

    private readonly IReadOnlyDictionary<string, Reference> _references;

    public AnswerComposer(IReadOnlyDictionary<string, Reference> references)
    {
        _references = references ?? throw new ArgumentNullException(nameof(references));
    }

    /// <summary>Composes <paramref name="facts"/> (one to <see cref="MaxFacts"/>, in the order they are to be shown; a repeated fact is shown once).</summary>
    /// <exception cref="ArgumentException">No fact, or more than <see cref="MaxFacts"/>.</exception>
    public ComposedAnswer Compose(IReadOnlyList<Fact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var distinct = facts.DistinctBy(f => f.Id, StringComparer.Ordinal).ToArray();
        if (distinct.Length is 0 or > MaxFacts)
        {
            throw new ArgumentException($"A reply is composed of 1 to {MaxFacts} facts, not {distinct.Length}.", nameof(facts));
        }

        var citations = new List<Citation>();
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var claims = new List<AnswerClaim>();
        var body = new StringBuilder();
        foreach (var fact in distinct)
        {
            if (body.Length > 0)
            {
                body.Append("\n\n");
            }

            var firstInFact = true;
            foreach (var claim in fact.Claims)
            {
                var own = new List<int>();
                foreach (var refId in claim.ReferenceIds)
                {
                    if (!_references.TryGetValue(refId, out var reference))
                    {
                        continue; // the knowledge validator rejects this; never cite what cannot be shown
                    }

                    if (!numbers.TryGetValue(refId, out var n))
                    {
                        n = citations.Count + 1;
                        numbers[refId] = n;
                        citations.Add(new Citation(n, reference.Id, reference.Title, reference.Publisher, reference.Year, reference.Url));
                    }

                    if (!own.Contains(n))
                    {
                        own.Add(n);
                    }
                }

                var text = claim.Text.Trim();
                if (!firstInFact)
                {
                    body.Append(' ');
                }

                body.Append(WithMarker(text, Markers(own)));
                claims.Add(new AnswerClaim(text, own));
                firstInFact = false;
            }
        }

        return new ComposedAnswer(body.ToString(), citations, claims);
    }

    /// <summary>"[1][3]" for the numbers 1 and 3; empty for none.</summary>
    public static string Markers(IEnumerable<int> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var sb = new StringBuilder();
        foreach (var n in numbers)
        {
            sb.Append('[').Append(n).Append(']');
        }

        return sb.ToString();
    }

    /// <summary>Puts the marker before the sentence's closing punctuation: "… the face [1]."</summary>
    public static string WithMarker(string sentence, string marker)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(marker);
        if (marker.Length == 0)
        {
            return sentence;
        }

        var end = sentence.Length;
        while (end > 0 && sentence[end - 1] is '.' or '!' or '?')
        {
            end--;
        }

        return sentence[..end].TrimEnd() + " " + marker + sentence[end..];
    }

    /// <summary>Splits a text into sentences (<see cref="SentenceSplitter"/>; not after "e.g.", "Dr.", "vs.").</summary>
    public static IReadOnlyList<string> Sentences(string text) => SentenceSplitter.Split(text);
}

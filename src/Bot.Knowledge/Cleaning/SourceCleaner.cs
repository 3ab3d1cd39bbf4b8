using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Knowledge.Validation;

namespace Bot.Knowledge.Cleaning;

/// <summary>
/// Splits a raw source page into numbered paragraphs (non-empty blocks of lines) and sentences with
/// stable ids (<c>S000.p01.s01</c>: page prefix, paragraph, sentence; counted over the raw page, so
/// removing a sentence never renumbers another), and flags every problem with a reason. A sentence whose
/// only problem is an injected drug name or commerce phrase is repaired when the injection can be taken
/// out cleanly (it sits before the condition's name, or where the condition's name belongs after
/// "cause of", "treatment of", ...); anything else that is flagged is removed. Deterministic: the same
/// page always gives the same result. The step only flags and proposes; the facts decide what is published.
/// </summary>
public static class SourceCleaner
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static readonly Regex SentenceBreak = new(@"(?<=[.!?][""')\]]?)\s+", RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex PagePrefix = new(@"^(\d+)_", RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex StrayDate = new(
        @"^(?:\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\.?$",
        Options, Timeout);
    private static readonly Regex GluedWords = new(@"\b(?:because|and|but|that|which|when|with|from|of|to|in)(?:the|this|these|those)\b", Options, Timeout);
    private static readonly Regex Word = new(@"[\p{L}][\p{L}\p{Mn}'’-]*", RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex LastToken = new(@"([\p{L}\p{N}][\p{L}\p{N}'’-]*)[^\p{L}\p{N}]*$", RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex DoubledFunctionWords = new(@"\b(?:to|of|in|for|on|at|by|with|the|a|an)\s+(?:of|to|in|for|on|at|by|with)\b", Options, Timeout);
    private static readonly Regex ConditionAfter = new(@"^\s+(?:hemi\w*|spasms?|facial\b)", Options, Timeout);
    private static readonly Regex ConditionSlotBefore = new(@"\b(?:cause|causes|treatment|treatments|symptoms|signs|diagnosis|manifestations|course|prognosis)\s+of\s+$", Options, Timeout);
    private static readonly Regex ClauseEndAfter = new(@"^\s*(?:[,.;:!?]|$)", Options, Timeout);

    private static readonly HashSet<string> DanglingEndWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "including", "include", "includes", "such", "as", "like", "following", "are", "is", "and", "or", "the", "of", "with", "a", "an", "to", "by",
    };

    private static readonly Regex DrugPhrase = new(
        @"\b(?:" + string.Join("|", ContaminationLists.InjectedDrugNames.Select(Regex.Escape)) + @")(?:\s+(?:pills?|tablets?|capsules?|online))?\b",
        Options, Timeout);

    private static readonly Regex CommerceWithDrug = new(
        @"\b(?:buy|order|purchase)\s+(?:" + string.Join("|", ContaminationLists.InjectedDrugNames.Select(Regex.Escape)) + @")(?:\s+(?:pills?|tablets?|capsules?))?\s+online\b",
        Options, Timeout);

    private static readonly Regex[] Commerce = ContaminationLists.CommercePatterns.Select(p => new Regex(p, Options, Timeout)).ToArray();
    private static readonly Regex[] OffTopic = ContaminationLists.OffTopicPatterns.Select(p => new Regex(p, Options, Timeout)).ToArray();

    /// <summary>The sentence-id prefix of a page: <c>S</c> plus the page file's numeric prefix (<c>000_x.txt</c> gives <c>S000</c>).</summary>
    /// <exception cref="ArgumentException">The file name does not start with digits and an underscore.</exception>
    public static string PrefixFor(string fileName)
    {
        var name = Path.GetFileName(fileName);
        var match = PagePrefix.Match(name);
        if (!match.Success)
        {
            throw new ArgumentException(
                $"The page file name '{name}' must start with a number and an underscore (for example 003_example.txt): the number gives the sentence ids (S003.p01.s01).",
                nameof(fileName));
        }

        return "S" + match.Groups[1].Value;
    }

    /// <summary>Cleans the raw text of the page <paramref name="fileName"/>.</summary>
    public static CleanedPage Clean(string fileName, string rawText)
    {
        ArgumentNullException.ThrowIfNull(rawText);
        var prefix = PrefixFor(fileName);
        var text = rawText.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var lines = text.Split('\n');

        var sentences = new List<CleanedSentence>();
        var paragraph = 0;
        var i = 0;
        while (i < lines.Length)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i]))
            {
                i++;
            }

            paragraph++;
            var block = string.Join("\n", lines[start..i].Select(l => l.Trim()));
            var index = 0;
            foreach (var (sentence, offset) in Split(block))
            {
                index++;
                var line = start + 1 + block[..offset].Count(c => c == '\n');
                var id = string.Create(CultureInfo.InvariantCulture, $"{prefix}.p{paragraph:00}.s{index:00}");
                sentences.Add(CleanSentence(id, paragraph, index, line, sentence));
            }
        }

        return new CleanedPage(Path.GetFileName(fileName), prefix, paragraph, sentences);
    }

    private static IEnumerable<(string Sentence, int Offset)> Split(string block)
    {
        var position = 0;
        foreach (Match gap in SentenceBreak.Matches(block))
        {
            var piece = block[position..gap.Index];
            if (piece.Length > 0)
            {
                yield return (Normalise(piece), position);
            }

            position = gap.Index + gap.Length;
        }

        if (position < block.Length)
        {
            yield return (Normalise(block[position..]), position);
        }
    }

    private static string Normalise(string s) => Regex.Replace(s.Trim(), @"\s+", " ", RegexOptions.CultureInvariant, Timeout);

    private static CleanedSentence CleanSentence(string id, int paragraph, int index, int line, string original)
    {
        var issues = Inspect(original, out var injections, out var otherCommerce);
        if (issues.Count == 0)
        {
            return new CleanedSentence(id, paragraph, index, line, original, original, SentenceOutcome.Kept, issues, []);
        }

        var onlyInjections = issues.All(i => i.Category is IssueCategory.InjectedDrugName or IssueCategory.CommercePhrase) && !otherCommerce;
        if (onlyInjections && TryRepair(original, injections, out var repaired, out var repairs))
        {
            return new CleanedSentence(id, paragraph, index, line, original, repaired, SentenceOutcome.Repaired, issues, repairs);
        }

        return new CleanedSentence(id, paragraph, index, line, original, original, SentenceOutcome.Removed, issues, []);
    }

    /// <summary>Every problem of one sentence. <paramref name="injections"/> are the removable spans (drug names, "buy X online").</summary>
    private static List<CleaningIssue> Inspect(string s, out List<Injection> injections, out bool otherCommerce)
    {
        var issues = new List<CleaningIssue>();
        injections = [];
        otherCommerce = false;

        var bare = s.TrimEnd('.', '!', '?', ' ');
        if (StrayDate.IsMatch(bare) || StrayDate.IsMatch(s))
        {
            issues.Add(new(IssueCategory.PageArtefact, "stray date"));
        }
        else
        {
            if (s.EndsWith('?'))
            {
                issues.Add(new(IssueCategory.PageArtefact, "heading or question left from the page layout"));
            }

            var words = Word.Matches(s).Select(m => m.Value).ToArray();
            var capitalised = words.Skip(1).Count(w => char.IsUpper(w[0]) && !w.All(c => !char.IsLetter(c) || char.IsUpper(c)));
            if (capitalised >= 3 && capitalised * 4 >= words.Length)
            {
                issues.Add(new(IssueCategory.PageArtefact, "run-together headings (table of contents or menu)"));
            }

            var last = LastToken.Match(s) is { Success: true } lt ? lt.Groups[1].Value : string.Empty;
            if (!Regex.IsMatch(s, @"[.!?][""')\]]?$", RegexOptions.CultureInvariant, Timeout))
            {
                issues.Add(new(IssueCategory.PageArtefact, "truncated sentence (no closing punctuation)"));
            }
            else if (DanglingEndWords.Contains(last))
            {
                issues.Add(new(IssueCategory.PageArtefact, $"truncated sentence (ends with '{last}')"));
            }

            if (words.Length > 0 && char.IsLower(words[0][0]) && char.IsLetter(s[0]))
            {
                issues.Add(new(IssueCategory.PageArtefact, "fragment that starts in the middle of a sentence"));
            }

            foreach (Match m in GluedWords.Matches(s))
            {
                issues.Add(new(IssueCategory.PageArtefact, $"words run together ('{m.Value}')"));
            }
        }

        foreach (Match m in CommerceWithDrug.Matches(s))
        {
            injections.Add(new Injection(m.Index, m.Length, m.Value, IsCommerce: true));
            issues.Add(new(IssueCategory.CommercePhrase, $"'{m.Value}'"));
        }

        foreach (Match m in DrugPhrase.Matches(s))
        {
            if (injections.Any(j => m.Index >= j.Start && m.Index < j.Start + j.Length))
            {
                continue;
            }

            injections.Add(new Injection(m.Index, m.Length, m.Value, IsCommerce: false));
            issues.Add(new(IssueCategory.InjectedDrugName, $"'{m.Value}'"));
        }

        var masked = Mask(s, injections);
        foreach (var pattern in Commerce)
        {
            foreach (Match m in pattern.Matches(masked))
            {
                otherCommerce = true;
                issues.Add(new(IssueCategory.CommercePhrase, $"'{m.Value}'"));
            }
        }

        foreach (var pattern in OffTopic)
        {
            foreach (Match m in pattern.Matches(masked))
            {
                issues.Add(new(IssueCategory.OffTopicFragment, $"'{m.Value}'"));
            }
        }

        foreach (var term in BannedWording.Terms.Where(t => t.Kind is BannedKind.Offensive or BannedKind.WrongClaim))
        {
            var m = term.Pattern.Match(masked);
            if (m.Success)
            {
                issues.Add(new(IssueCategory.WrongOrOffensiveWording, $"'{m.Value}': {term.Reason}"));
            }
        }

        return issues;
    }

    private static string Mask(string s, List<Injection> injections)
    {
        var chars = s.ToCharArray();
        foreach (var j in injections)
        {
            for (var k = j.Start; k < j.Start + j.Length; k++)
            {
                chars[k] = ' ';
            }
        }

        return new string(chars);
    }

    private static bool TryRepair(string s, List<Injection> injections, out string repaired, out List<string> repairs)
    {
        repairs = [];
        var builder = new StringBuilder();
        var position = 0;
        foreach (var j in injections.OrderBy(j => j.Start))
        {
            var before = s[..j.Start];
            var after = s[(j.Start + j.Length)..];
            builder.Append(s, position, j.Start - position);
            if (j.IsCommerce || ConditionAfter.IsMatch(after))
            {
                repairs.Add($"removed '{j.Text}'");
            }
            else if (ConditionSlotBefore.IsMatch(before) && ClauseEndAfter.IsMatch(after))
            {
                builder.Append("the condition");
                repairs.Add($"replaced '{j.Text}' with 'the condition'");
            }
            else
            {
                repaired = s;
                return false;
            }

            position = j.Start + j.Length;
        }

        builder.Append(s, position, s.Length - position);
        repaired = Regex.Replace(builder.ToString(), @"\s+", " ", RegexOptions.CultureInvariant, Timeout).Trim();
        repaired = Regex.Replace(repaired, @"\s+([,.;:!?])", "$1", RegexOptions.CultureInvariant, Timeout);

        if (DoubledFunctionWords.IsMatch(repaired))
        {
            repaired = s;
            return false;
        }

        // The repaired sentence must come out clean, otherwise it is removed.
        if (Inspect(repaired, out _, out _).Count > 0)
        {
            repaired = s;
            return false;
        }

        return true;
    }

    private sealed record Injection(int Start, int Length, string Text, bool IsCommerce);
}

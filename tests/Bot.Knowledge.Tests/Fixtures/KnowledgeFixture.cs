using Bot.Knowledge.Cleaning;
using Bot.Knowledge.Model;

namespace Bot.Knowledge.Tests.Fixtures;

/// <summary>
/// A small, valid knowledge folder written to a temporary directory. Tests break exactly one thing in it
/// (<see cref="Replace"/>, <see cref="Write"/>) and check the problem the validator reports, with its line.
/// </summary>
public sealed class KnowledgeFixture : IDisposable
{
    public const string PageName = "001_fixture.txt";

    public const string RawPage =
        "Hemifacial spasm is twitching of one side of the face.\n\nThe twitching often starts around the eye. 12 May 2023\n\n14 May 2023\n";

    public const string References = """
        - id: ninds
          title: "Hemifacial spasm (NINDS disorder information page)"
          publisher: "National Institute of Neurological Disorders and Stroke (NIH)"
          year: 2026
          url: https://www.ninds.nih.gov/disorders/hemifacial_spasm/hemifacial_spasm.htm
          tier: A

        - id: uman
          title: "Hemifacial Spasm"
          publisher: "University of Manitoba"
          year: 2026
          url: https://www.umanitoba.ca/centres/cranial_nerves/hemifacial_spasm/index.html
          tier: C

        """;

    public const string Facts = """
        - id: fact-one
          topic: basics
          questions:
            - What is hemifacial spasm?
            - What is HFS?
            - Why does one side of my face twitch?
            - What does hemifacial spasm mean?
          claims:
            - text: Hemifacial spasm is twitching of the muscles on one side of the face.
              refs: [ninds]
          provenance: [S001.p01.s01]
          review:
            by: neurologist review
            on: 2026-11-22
            due: 2027-11-22
          related: [fact-two]

        - id: fact-two
          topic: symptoms
          surgical: false
          questions:
            - Where does hemifacial spasm start?
            - How does HFS begin?
            - Does the twitching start at the eye?
            - What is the first sign of hemifacial spasm?
          claims:
            - text: Hemifacial spasm usually starts around one eye.
              refs: [ninds, uman]
            - text: Over months or years the twitching spreads down that side of the face.
              refs: [uman, ninds]
          provenance: ["added from references"]
          review:
            by: medical review
            on: 2026-11-22
            due: 2027-11-22
          related: []

        """;

    public const string Synonyms = """
        - canonical: spasm
          terms: [twitch, twitching]

        """;

    public const string Emergency = """
        - id: stroke-face
          kind: emergency
          description: Sudden drooping of the face.
          patterns:
            - '\bface\b.{0,20}\bdroop'
          references: [ninds]

        - id: crisis
          kind: crisis
          description: Thoughts of self-harm.
          patterns: ['\bkill myself\b']
          references: []

        """;

    public const string Refusals = """
        - id: dosing
          description: Doses of any medicine.
          patterns: ['\bdose\b']
          text: no_dosing

        """;

    public KnowledgeFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "kb-fixture-" + Guid.NewGuid().ToString("N"), "knowledge");
        Directory.CreateDirectory(Path.Combine(Root, "facts"));
        Directory.CreateDirectory(Path.Combine(Root, "safety"));
        Directory.CreateDirectory(Path.Combine(Root, "sources"));
        Write("references.yaml", References);
        Write("facts/basics.yaml", Facts);
        Write("synonyms.yaml", Synonyms);
        Write("safety/emergency.yaml", Emergency);
        Write("safety/refusals.yaml", Refusals);
        Write("safety/texts.yaml", string.Concat(KnowledgeLoader.RequiredTextKeys.Select(k => $"{k}: Text for {k}.\n")));
        WriteSource(PageName, RawPage);
    }

    public string Root { get; }

    public void Write(string relative, string text) => File.WriteAllText(Path.Combine(Root, relative), text);

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>Replaces text that must occur in the file exactly once.</summary>
    public void Replace(string relative, string oldText, string newText)
    {
        var text = Read(relative);
        var first = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(first >= 0, $"fixture {relative} does not contain '{oldText}'");
        Assert.True(text.IndexOf(oldText, first + 1, StringComparison.Ordinal) < 0, $"fixture {relative} contains '{oldText}' more than once");
        Write(relative, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    /// <summary>Writes a raw page with valid metadata and freshly generated cleaned text and report.</summary>
    public void WriteSource(string name, string raw)
    {
        var rawPath = Path.Combine(Root, "sources", name);
        File.WriteAllText(rawPath, raw);
        var bytes = File.ReadAllBytes(rawPath);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        File.WriteAllText(Path.ChangeExtension(rawPath, null) + ".meta.yaml", $"""
            file: {name}
            what: A test page.
            obtained: Written by the test fixture.
            sha256: {sha}
            bytes: {bytes.Length}
            dates_seen: ["14 May 2023"]
            contaminated: true
            contamination: [stray dates]

            """);
        var page = SourceCleaner.Clean(name, raw);
        File.WriteAllText(CleanedPageFormat.CleanedPathFor(rawPath), CleanedPageFormat.ToCleanedText(page));
        File.WriteAllText(CleanedPageFormat.ReportPathFor(rawPath), CleanedPageFormat.ToReport(page));
    }

    /// <summary>Loads the fixture and returns its problems.</summary>
    public IReadOnlyList<KnowledgeProblem> Problems() => Load().Problems;

    /// <summary>The date the fixture is validated on (its reviews are due on 2027-11-22).</summary>
    public DateOnly Today { get; set; } = new(2026, 12, 1);

    public KnowledgeLoadResult Load() => KnowledgeLoader.Load(Root, Today);

    public KnowledgeBase LoadValid() => Load().KnowledgeBase ?? throw new KnowledgeValidationException(Load().Problems);

    /// <summary>1-based line of the first line containing <paramref name="needle"/> in a fixture file.</summary>
    public int LineOf(string relative, string needle)
    {
        var lines = Read(relative).Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{needle}' not found in {relative}");
        return index + 1;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

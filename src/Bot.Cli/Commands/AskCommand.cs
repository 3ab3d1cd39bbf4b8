using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Answers;
using Bot.Answers.Text;

namespace Bot.Cli.Commands;

/// <summary>
/// <c>ask "question" [--json] [--not-first] [--knowledge dir] [--index dir]</c>: prints the answer the bot
/// would send (markdown with numbered sources, advice and, as on a conversation's first message, the
/// disclaimer), or with <c>--json</c> the answer object plus its markdown. <c>--triage</c> adds, on stderr, what the
/// safety rules read in the message (every rule that stands, and the situations a cue set aside), for authors of
/// knowledge/safety/.
/// </summary>
internal sealed class AskCommand : ICommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string Name => "ask";

    public string Summary => "ask \"question\" [--json] [--not-first] [--triage]: print the answer the bot would send";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var options = AnswerCommandSupport.Parse(args, context, Name,
            new HashSet<string>(StringComparer.Ordinal) { "--json", "--not-first", "--triage" }, new HashSet<string>(StringComparer.Ordinal));
        if (options is null || options.Positional.Count == 0)
        {
            await context.Error.WriteLineAsync("usage: dotnet run --project src/Bot.Cli -- ask \"question\" [--json] [--not-first] [--triage] [--knowledge <dir>] [--index <dir>] [--semantic] [--lexical]");
            return 2;
        }

        var created = AnswerCommandSupport.CreateEngine(options, context, Name);
        if (created is not { } pair)
        {
            return 1;
        }

        using var engine = pair.Engine;
        using var index = pair.Index;
        var question = string.Join(' ', options.Positional);
        var answer = engine.Answer(new Question(question, IsFirstInConversation: !options.Flags.ContainsKey("--not-first")));
        if (options.Flags.ContainsKey("--triage"))
        {
            var scan = engine.Triage.Rules.Scan(TextNormalizer.Normalize(question, TextNormalizer.HardLimit).Full);
            var hits = scan.Hits.Count == 0 ? "none" : string.Join(", ", scan.Hits.Select(h => $"{h.RuleId} ({h.Situation.Id})"));
            var setAside = scan.SetAside.Count == 0 ? "none" : string.Join(", ", scan.SetAside.Order(StringComparer.Ordinal));
            await context.Error.WriteLineAsync($"triage: rules standing: {hits}; set aside by a cue: {setAside}; decided by: {answer.RuleId ?? "none"}");
        }

        if (options.Flags.ContainsKey("--json"))
        {
            var payload = new
            {
                answer.Kind,
                answer.FactIds,
                answer.Score,
                answer.RuleId,
                answer.Text,
                answer.Citations,
                answer.Advice,
                answer.Disclaimer,
                answer.FollowUps,
                answer.Choices,
                answer.Truncated,
                Markdown = AnswerFormatter.ToMarkdown(answer),
            };
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(payload, Json));
        }
        else
        {
            await context.Out.WriteLineAsync(AnswerCommandSupport.Render(answer));
        }

        return 0;
    }
}

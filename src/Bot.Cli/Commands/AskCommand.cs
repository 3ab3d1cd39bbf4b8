using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Answers;

namespace Bot.Cli.Commands;

/// <summary>
/// <c>ask "question" [--json] [--not-first] [--knowledge dir] [--index dir]</c>: prints the answer the bot
/// would send (markdown with numbered sources, advice and, as on a conversation's first message, the
/// disclaimer), or with <c>--json</c> the answer object plus its markdown.
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

    public string Summary => "ask \"question\" [--json] [--not-first]: print the answer the bot would send";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var options = AnswerCommandSupport.Parse(args, context, Name,
            new HashSet<string>(StringComparer.Ordinal) { "--json", "--not-first" }, new HashSet<string>(StringComparer.Ordinal));
        if (options is null || options.Positional.Count == 0)
        {
            await context.Error.WriteLineAsync("usage: dotnet run --project src/Bot.Cli -- ask \"question\" [--json] [--not-first] [--knowledge <dir>] [--index <dir>] [--semantic] [--lexical]");
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

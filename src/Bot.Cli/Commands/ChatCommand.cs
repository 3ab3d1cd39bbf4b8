using System.Globalization;
using Bot.Answers;
using Bot.Knowledge.Model;

namespace Bot.Cli.Commands;

/// <summary>
/// <c>chat [--knowledge dir] [--index dir]</c>: an interactive conversation on stdin/stdout, a console
/// stand-in for the Emulator. The first answer carries the disclaimer; a number picks a suggested
/// question; <c>/history</c> lists the conversation; <c>/quit</c> (or end of input) leaves.
/// </summary>
internal sealed class ChatCommand : ICommand
{
    public string Name => "chat";

    public string Summary => "chat: talk to the bot in the terminal (/history, /quit)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var options = AnswerCommandSupport.Parse(args, context, Name, new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        if (options is null || options.Positional.Count > 0)
        {
            await context.Error.WriteLineAsync("usage: dotnet run --project src/Bot.Cli -- chat [--knowledge <dir>] [--index <dir>] [--semantic] [--lexical]");
            return 2;
        }

        var created = AnswerCommandSupport.CreateEngine(options, context, Name);
        if (created is not { } pair)
        {
            return 1;
        }

        using var engine = pair.Engine;
        using var index = pair.Index;
        var history = new List<(string Question, Answer Answer)>();
        IReadOnlyList<SuggestedQuestion> offered = [];
        await context.Out.WriteLineAsync(engine.Text(TextKeys.Welcome));
        await context.Out.WriteLineAsync("(Type a question; a number picks a suggestion; /history shows the conversation; /quit leaves.)");
        while (!cancellationToken.IsCancellationRequested)
        {
            await context.Out.WriteAsync("> ");
            await context.Out.FlushAsync(cancellationToken);
            var line = await context.In.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                await context.Out.WriteLineAsync();
                break;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line is "/quit" or "/exit" or "/q")
            {
                break;
            }

            if (line == "/history")
            {
                for (var i = 0; i < history.Count; i++)
                {
                    var (q, a) = history[i];
                    await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{i + 1,3}. {q}  -> {a.Kind}{(a.FactIds.Count > 0 ? " " + string.Join(",", a.FactIds) : "")}"));
                }

                continue;
            }

            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pick) && pick >= 1 && pick <= offered.Count)
            {
                line = offered[pick - 1].Text;
                await context.Out.WriteLineAsync($"  ({line})");
            }

            var answer = engine.Answer(new Question(line, IsFirstInConversation: history.Count == 0));
            history.Add((line, answer));
            offered = answer.Kind == AnswerKind.DidYouMean ? answer.Choices : answer.FollowUps;
            var text = answer.Kind == AnswerKind.DidYouMean
                ? AnswerFormatter.ToMarkdown(answer)
                : AnswerCommandSupport.Render(answer, numberFollowUps: true);
            await context.Out.WriteLineAsync();
            await context.Out.WriteLineAsync(text);
            await context.Out.WriteLineAsync();
        }

        return 0;
    }
}

using System.Reflection;

namespace Bot.Cli.Commands;

/// <summary>Finds the commands and dispatches the first argument to one of them.</summary>
internal static class CommandLine
{
    public static IReadOnlyList<ICommand> Commands { get; } = typeof(CommandLine).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommand).IsAssignableFrom(t))
        .Select(t => (ICommand)Activator.CreateInstance(t, nonPublic: true)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToArray();

    public static async Task<int> RunAsync(string[] args, CommandContext context, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            WriteUsage(args.Length == 0 ? context.Error : context.Out);
            return args.Length == 0 ? 2 : 0;
        }

        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            await context.Error.WriteLineAsync($"bot: unknown command '{args[0]}'.");
            WriteUsage(context.Error);
            return 2;
        }

        return await command.RunAsync(args.Skip(1).ToArray(), context, cancellationToken);
    }

    private static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine("usage: dotnet run --project src/Bot.Cli -- <command> [options]");
        writer.WriteLine();
        writer.WriteLine("commands:");
        foreach (var c in Commands)
        {
            writer.WriteLine($"  {c.Name,-14} {c.Summary}");
        }

        writer.WriteLine();
        writer.WriteLine("ask, chat and eval run the engine as the bot does by default (the MiniLM model loaded once: triage with the example bank, semantic retrieval); --lexical runs the lean engine (triage rules, lexical retrieval, no model); --semantic (the default) is accepted.");
    }

    internal static string Version => typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
}

using Bot.Cli.Commands;

namespace Bot.Cli.Tests.Commands;

/// <summary>Runs a command in-process with captured output.</summary>
internal static class CommandRunner
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(ICommand command, string workingDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CommandContext(TextReader.Null, output, error, workingDirectory);
        var exit = await command.RunAsync(args, context, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}

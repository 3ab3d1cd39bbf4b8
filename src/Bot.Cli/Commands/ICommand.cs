namespace Bot.Cli.Commands;

/// <summary>
/// One sub-command of the <c>bot</c> command line. Commands are found by reflection, so adding one is
/// adding one class: no central list to edit.
/// </summary>
internal interface ICommand
{
    /// <summary>The word typed after the program name, e.g. <c>ask</c>.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Summary { get; }

    /// <summary>Runs the command. Returns the process exit code (0 ok, 1 failure, 2 usage error).</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken);
}

/// <summary>What a command may use: its streams and the working directory.</summary>
internal sealed record CommandContext(TextReader In, TextWriter Out, TextWriter Error, string WorkingDirectory);

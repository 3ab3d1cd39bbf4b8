using Bot.Cli.Commands;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var context = new CommandContext(Console.In, Console.Out, Console.Error, Environment.CurrentDirectory);
return await CommandLine.RunAsync(args, context, cancel.Token);

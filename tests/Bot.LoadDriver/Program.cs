using Bot.LoadDriver;

// Load driver for the bot's real HTTP paths. Loopback only; every run is bounded in count and time and
// stops by itself. Exit code: 0 when every turn was answered, 1 when any failed (non-2xx, transport
// error, missing or empty reply, bot exited), 2 for bad arguments, 3 when a bot could not be started.
// Timings never decide the exit code.

if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
{
    Console.WriteLine(Usage.Text);
    return args.Length == 0 ? 2 : 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var options = Options.Parse(args);
    return options.Mode switch
    {
        "api" => await Modes.ApiAsync(options, cancel.Token),
        "compare" => await Modes.CompareAsync(options, cancel.Token),
        "startup" => await Modes.StartupAsync(options, cancel.Token),
        "memory" => await Modes.MemoryAsync(options, cancel.Token),
        "directline" => await Modes.DirectLineAsync(options, cancel.Token),
        _ => throw new UsageException($"unknown mode '{options.Mode}'"),
    };
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{Usage.Text}");
    return 2;
}
catch (BotFailedException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 3;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("cancelled");
    return 1;
}

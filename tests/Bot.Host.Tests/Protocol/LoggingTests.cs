using System.Collections.Concurrent;
using Bot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Protocol;

public sealed class LoggingTests
{
    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                owner.Lines.Enqueue(category + " scope: " + state);
                if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        owner.Lines.Enqueue(category + " scope " + key + "=" + value);
                    }
                }

                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                owner.Lines.Enqueue(category + ": " + formatter(state, exception) + " " + exception);
                if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        owner.Lines.Enqueue(category + " " + key + "=" + value);
                    }
                }
            }
        }
    }

    [Fact]
    public async Task No_log_line_at_any_level_contains_the_users_message_text()
    {
        const string Secret = "zebra-7319 my private eyelid story";
        var provider = new CapturingProvider();
        using var host = new BotHost();
        using var logged = host.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l =>
        {
            l.SetMinimumLevel(LogLevel.Trace);
            l.AddProvider(provider);
        })));
        var client = logged.CreateClient();
        var activity = Activities.Message(Secret);

        var response = await client.PostAsync("/api/messages", new StringContent(System.Text.Json.JsonSerializer.Serialize(activity), System.Text.Encoding.UTF8, "application/json"));

        Assert.True(response.IsSuccessStatusCode);
        Assert.Contains(provider.Lines, l => l.Contains("Answered with", StringComparison.Ordinal));
        Assert.DoesNotContain(provider.Lines, l => l.Contains("zebra-7319", StringComparison.Ordinal));
    }
}

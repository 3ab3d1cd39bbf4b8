using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.LoadDriver;

/// <summary>How the fake Connector answers (the defaults answer every call at once with 200).</summary>
public sealed record ConnectorBehaviour
{
    /// <summary>Delay before every answer (a slow channel).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>When above 0, every n-th call is answered with <see cref="FailStatus"/> instead (a failing channel).</summary>
    public int FailEvery { get; init; }

    public int FailStatus { get; init; } = 503;
}

/// <summary>
/// The channel's side of the Connector API on loopback, as the Emulator serves it: the bot replies to
/// <c>POST {serviceUrl}v3/conversations/{id}/activities[/{replyToId}]</c>. Each reply is counted per
/// conversation and completes the turn the driver is waiting for (matched by conversation, and by
/// <c>replyToId</c> when the bot sets it), stamped with its arrival time.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConnectorBehaviour _behaviour;
    private readonly ConcurrentDictionary<string, PendingTurn> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConversationLog> _conversations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _sweeper = Task.CompletedTask;
    private long _calls;
    private long _messages;
    private long _typing;
    private long _otherActivities;
    private long _emptyMessages;
    private long _unmatched;
    private long _malformed;
    private long _injectedFailures;
    private static readonly byte[] NotFound = """{"error":{"code":"NotFound","message":"unknown connector route"}}"""u8.ToArray();

    private FakeConnector(WebApplication app, ConnectorBehaviour behaviour)
    {
        _app = app;
        _behaviour = behaviour;
    }

    /// <summary>The serviceUrl to put on activities: the connector's base address, with a trailing slash.</summary>
    public Uri ServiceUrl { get; private set; } = null!;

    public static async Task<FakeConnector> StartAsync(ConnectorBehaviour? behaviour = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
        });
        var app = builder.Build();
        var connector = new FakeConnector(app, behaviour ?? new ConnectorBehaviour());
        app.Run(connector.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        connector._sweeper = Task.Run(connector.SweepAsync, CancellationToken.None);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return connector;
    }

    /// <summary>
    /// Registers the turn a conversation waits for; its task completes with the reply's arrival timestamp,
    /// or with -1 once <paramref name="timeout"/> has passed without one (one sweeper for every turn, so
    /// waiting costs no timer per turn).
    /// </summary>
    public PendingTurn Expect(string conversationId, string activityId, TimeSpan timeout)
    {
        var turn = new PendingTurn(activityId, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
        _pending[conversationId] = turn;
        return turn;
    }

    private async Task SweepAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var entry in _pending)
            {
                if (entry.Value.Deadline < now && _pending.TryRemove(entry))
                {
                    entry.Value.Expire();
                }
            }
        }
    }

    /// <summary>Stops waiting for a turn (failed post, or timed out): a reply that still arrives counts as unmatched.</summary>
    public void Forget(string conversationId, PendingTurn turn) =>
        _pending.TryRemove(new KeyValuePair<string, PendingTurn>(conversationId, turn));

    public ConnectorCounters Counters => new(
        Interlocked.Read(ref _calls), Interlocked.Read(ref _messages), Interlocked.Read(ref _typing),
        Interlocked.Read(ref _otherActivities), Interlocked.Read(ref _emptyMessages), Interlocked.Read(ref _unmatched),
        Interlocked.Read(ref _malformed), Interlocked.Read(ref _injectedFailures), _conversations.Count);

    /// <summary>The replies one conversation has received so far.</summary>
    public ConversationLog? Conversation(string conversationId) =>
        _conversations.TryGetValue(conversationId, out var log) ? log : null;

    /// <summary>Forgets the per-conversation records (between runs, so the driver's own memory stays flat).</summary>
    public void ResetConversations() => _conversations.Clear();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var call = Interlocked.Increment(ref _calls);
        const string Prefix = "/v3/conversations";
        var at = path.IndexOf(Prefix, StringComparison.Ordinal);
        if (at < 0 || (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method)))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, NotFound).ConfigureAwait(false);
            return;
        }

        var (parsed, reply) = await ReadActivityAsync(request).ConfigureAwait(false);
        var arrived = Stopwatch.GetTimestamp();

        if (_behaviour.Delay > TimeSpan.Zero)
        {
            await Task.Delay(_behaviour.Delay, context.RequestAborted).ConfigureAwait(false);
        }

        if (_behaviour.FailEvery > 0 && call % _behaviour.FailEvery == 0)
        {
            Interlocked.Increment(ref _injectedFailures);
            context.Response.StatusCode = _behaviour.FailStatus;
            if (_behaviour.FailStatus == StatusCodes.Status429TooManyRequests)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            return;
        }

        // "/v3/conversations" alone is CreateConversation; otherwise "/{id}/activities[/{activityId}]".
        var rest = path.AsSpan(at + Prefix.Length);
        if (rest.IsEmpty || rest is "/")
        {
            var created = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""{"id":"created-{{call}}","activityId":"a-{{call}}","serviceUrl":"{{ServiceUrl}}"}"""));
            await WriteAsync(context, StatusCodes.Status201Created, created).ConfigureAwait(false);
            return;
        }

        rest = rest.TrimStart('/');
        var slash = rest.IndexOf('/');
        if (slash <= 0 || !rest[(slash + 1)..].StartsWith("activities", StringComparison.Ordinal))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, NotFound).ConfigureAwait(false);
            return;
        }

        var conversationId = Uri.UnescapeDataString(rest[..slash].ToString());
        if (!parsed)
        {
            Interlocked.Increment(ref _malformed);
            await WriteAsync(context, StatusCodes.Status400BadRequest,
                """{"error":{"code":"BadArgument","message":"the activity is not a JSON object"}}"""u8.ToArray()).ConfigureAwait(false);
            return;
        }

        Record(conversationId, reply, arrived);
        var id = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"id":"r-{{call}}"}"""));
        await WriteAsync(context, StatusCodes.Status200OK, id).ConfigureAwait(false);
    }

    private void Record(string conversationId, ParsedActivity reply, long arrived)
    {
        var log = _conversations.GetOrAdd(conversationId, static _ => new ConversationLog());
        Interlocked.Increment(ref log.Activities);
        if (!string.Equals(reply.Type, "message", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref string.Equals(reply.Type, "typing", StringComparison.Ordinal) ? ref _typing : ref _otherActivities);
            return;
        }

        Interlocked.Increment(ref _messages);
        Interlocked.Increment(ref log.Messages);
        if (!reply.HasContent)
        {
            Interlocked.Increment(ref _emptyMessages);
        }

        if (_pending.TryGetValue(conversationId, out var turn)
            && (reply.ReplyToId is null || string.Equals(reply.ReplyToId, turn.ActivityId, StringComparison.Ordinal))
            && _pending.TryRemove(new KeyValuePair<string, PendingTurn>(conversationId, turn)))
        {
            turn.Complete(arrived, reply.HasContent);
        }
        else
        {
            // A second message for the same turn, or one for a turn the driver gave up on.
            Interlocked.Increment(ref _unmatched);
        }
    }

    /// <summary>Reads the whole body and parses it in place (bodies are a few KB; no copy).</summary>
    private static async Task<(bool Ok, ParsedActivity Activity)> ReadActivityAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            if (result.IsCompleted || result.IsCanceled)
            {
                var ok = TryParse(result.Buffer, out var activity);
                reader.AdvanceTo(result.Buffer.End);
                return (ok, activity);
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private readonly record struct ParsedActivity(string? Type, string? ReplyToId, bool HasContent);

    /// <summary>Reads only the top-level fields the driver needs: type, replyToId, text, attachments.</summary>
    private static bool TryParse(ReadOnlySequence<byte> body, out ParsedActivity activity)
    {
        activity = default;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? type = null, replyToId = null;
            var hasContent = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("replyToId"u8))
                {
                    reader.Read();
                    replyToId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    hasContent |= reader.TokenType == JsonTokenType.String && (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > 0;
                }
                else if (reader.ValueTextEquals("attachments"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        var probe = reader;
                        probe.Read();
                        hasContent |= probe.TokenType != JsonTokenType.EndArray;
                    }

                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            activity = new ParsedActivity(type, replyToId, hasContent);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json, 0, json.Length);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sweeper.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stopping.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A turn waiting for its reply.</summary>
public sealed class PendingTurn(string activityId, long deadline)
{
    private readonly TaskCompletionSource<long> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ActivityId { get; } = activityId;

    /// <summary><see cref="Stopwatch"/> timestamp after which the turn counts as unanswered.</summary>
    public long Deadline { get; } = deadline;

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the reply arrived, or -1 when none came in time.</summary>
    public Task<long> Reply => _reply.Task;

    internal void Expire() => _reply.TrySetResult(-1);

    public bool HasContent { get; private set; }

    internal void Complete(long arrived, bool hasContent)
    {
        HasContent = hasContent;
        _reply.TrySetResult(arrived);
    }
}

/// <summary>Replies one conversation received (fields, not properties, so they can be incremented atomically).</summary>
public sealed class ConversationLog
{
    public int Activities;
    public int Messages;
}

public readonly record struct ConnectorCounters(
    long Calls, long Messages, long Typing, long OtherActivities, long EmptyMessages, long Unmatched, long Malformed,
    long InjectedFailures, int Conversations)
{
    public static ConnectorCounters operator -(ConnectorCounters a, ConnectorCounters b) => new(
        a.Calls - b.Calls, a.Messages - b.Messages, a.Typing - b.Typing, a.OtherActivities - b.OtherActivities,
        a.EmptyMessages - b.EmptyMessages, a.Unmatched - b.Unmatched, a.Malformed - b.Malformed,
        a.InjectedFailures - b.InjectedFailures, a.Conversations - b.Conversations);
}

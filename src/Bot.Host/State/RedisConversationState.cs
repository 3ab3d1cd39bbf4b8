using System.Text.Json;
using Bot.Host.Bot;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Host.State;

/// <summary>
/// Conversation state in Redis: one hash per conversation (<c>answered</c>, <c>topic</c>) and one small key per
/// sent answer (its fact ids and kind as JSON, never its text), each living <see cref="StateOptions.ConversationTimeToLive"/>
/// after its last write. Ids a client chose are bounded as in memory (long ones replaced by a digest).
/// </summary>
public sealed class RedisConversationState(IConnectionMultiplexer redis, IOptions<StateOptions> options) : IConversationState
{
    private readonly StateOptions _options = options.Value;

    private IDatabase Db => redis.GetDatabase();

    private RedisKey Conversation(string channelId, string conversationId) =>
        _options.RedisKeyPrefix + "cs:" + BoundedMemory<bool>.Bound(channelId + "|" + conversationId);

    private RedisKey Answer(string channelId, string conversationId, string messageId) =>
        _options.RedisKeyPrefix + "sa:" + BoundedMemory<bool>.Bound(channelId + "|" + conversationId + "|" + messageId);

    public async Task<ConversationSnapshot> ReadAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        var values = await Db.HashGetAsync(Conversation(channelId, conversationId), ["answered", "topic"]).ConfigureAwait(false);
        return new ConversationSnapshot(values[0].IsNull, values[1].IsNullOrEmpty ? null : (string?)values[1]);
    }

    public async Task RecordAnswerAsync(string channelId, string conversationId, bool answered, string? topic, string? messageId, SentAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var key = Conversation(channelId, conversationId);
        var ttl = _options.ConversationTimeToLive;
        var batch = Db.CreateBatch();
        var writes = new List<Task>();
        if (answered)
        {
            writes.Add(batch.HashSetAsync(key, "answered", 1));
        }

        writes.Add(string.IsNullOrEmpty(topic) ? batch.HashDeleteAsync(key, "topic") : batch.HashSetAsync(key, "topic", topic));
        writes.Add(batch.KeyExpireAsync(key, ttl));
        if (!string.IsNullOrEmpty(messageId))
        {
            writes.Add(batch.StringSetAsync(Answer(channelId, conversationId, messageId), JsonSerializer.Serialize(answer), ttl));
        }

        batch.Execute();
        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    public async Task<SentAnswer?> FindAnswerAsync(string channelId, string conversationId, string? messageId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(messageId))
        {
            return null;
        }

        var json = await Db.StringGetAsync(Answer(channelId, conversationId, messageId)).ConfigureAwait(false);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SentAnswer>((string)json!);
    }

    public async Task ForgetAsync(string channelId, string conversationId, CancellationToken cancellationToken) =>
        await Db.KeyDeleteAsync(Conversation(channelId, conversationId)).ConfigureAwait(false);
}

namespace Bot.DirectLine.State.Redis;

/// <summary>
/// The Lua scripts of <see cref="RedisDirectLineStore"/>: each change to a conversation is one atomic script, so
/// sequence numbers, history bounds and expiries stay consistent however many instances write at once.
/// Keys: <c>c:{id}</c> the conversation (hash: user, name, addr, started, seq, bytes, tok, stok), <c>h:{id}</c> its
/// history (sorted set scored by sequence: the watermark is the score), <c>s:{id}</c> its open streams (sorted set
/// scored by lease expiry), <c>open</c> every conversation scored by when it expires, <c>a:{address}</c> the
/// same per client address, <c>used:{nonce}</c> a redeemed stream token.
/// </summary>
internal static class RedisScripts
{
    /// <summary>KEYS: conv, open, address set. ARGV: now ms, ttl ms, max, max per address (0: no address), user, name, address.</summary>
    public const string Reserve = """
        local now = tonumber(ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
        if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 1 end
        local perAddress = tonumber(ARGV[4])
        if perAddress > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
          if redis.call('ZCARD', KEYS[3]) >= perAddress then return 2 end
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then return 3 end
        redis.call('HSET', KEYS[1], 'user', ARGV[5], 'name', ARGV[6], 'addr', ARGV[7], 'started', '0', 'seq', '0', 'bytes', '0', 'tok', '0', 'stok', '0')
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[8])
        if perAddress > 0 then
          redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[8])
          redis.call('PEXPIRE', KEYS[3], ARGV[2])
        end
        return 0
        """;

    /// <summary>
    /// Reads a conversation and, for a token, checks it is among the newest issued; marks the conversation used.
    /// KEYS: conv, hist, open. ARGV: now ms, idle ms, id, counter field ('' for none), token number, tokens kept.
    /// Returns nil when the conversation is gone, 'retired' for an old token, else {user, name, started, seq}.
    /// </summary>
    public const string Read = """
        local v = redis.call('HMGET', KEYS[1], 'user', 'name', 'started', 'seq', 'tok', 'stok')
        if not v[1] then return nil end
        if ARGV[4] ~= '' then
          local issued = tonumber(ARGV[4] == 'tok' and v[5] or v[6]) or 0
          if tonumber(ARGV[5]) <= issued - tonumber(ARGV[6]) then return 'retired' end
        end
        if v[3] == '1' then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          redis.call('PEXPIRE', KEYS[2], ARGV[2])
          redis.call('ZADD', KEYS[3], 'XX', tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[3])
        end
        return {v[1], v[2] or '', v[3], v[4] or '0'}
        """;

    /// <summary>KEYS: conv, open. ARGV: now ms, idle ms, id. Returns -1 when gone, 0 when already started, 1 when started now.</summary>
    public const string Start = """
        local started = redis.call('HGET', KEYS[1], 'started')
        if not started then return -1 end
        if started == '1' then return 0 end
        redis.call('HSET', KEYS[1], 'started', '1')
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[2], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[3])
        return 1
        """;

    /// <summary>
    /// Appends one activity with the next sequence number, its id spliced in as the first member of the JSON object,
    /// drops the oldest past the bounds (the newest always stays), and publishes the wake-up.
    /// KEYS: conv, hist, open. ARGV: the JSON after its opening brace, flag ('t' typing, 'm' other), id prefix,
    /// max activities, max bytes, idle ms, now ms, id, wake channel. Returns nil when gone or not started, else {seq, json}.
    /// </summary>
    public const string Append = """
        if redis.call('HGET', KEYS[1], 'started') ~= '1' then return nil end
        local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
        local json = '{"id":"' .. ARGV[3] .. string.format('%07d', seq) .. '",' .. ARGV[1]
        local member = ARGV[2] .. json
        redis.call('ZADD', KEYS[2], seq, member)
        local bytes = redis.call('HINCRBY', KEYS[1], 'bytes', string.len(member))
        local maxActivities = tonumber(ARGV[4])
        local maxBytes = tonumber(ARGV[5])
        local count = redis.call('ZCARD', KEYS[2])
        while count > 1 and (count > maxActivities or bytes > maxBytes) do
          local oldest = redis.call('ZPOPMIN', KEYS[2])
          bytes = redis.call('HINCRBY', KEYS[1], 'bytes', -string.len(oldest[1]))
          count = count - 1
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        redis.call('PEXPIRE', KEYS[2], ARGV[6])
        redis.call('ZADD', KEYS[3], 'XX', tonumber(ARGV[7]) + tonumber(ARGV[6]), ARGV[8])
        redis.call('PUBLISH', ARGV[9], seq)
        return {seq, json}
        """;

    /// <summary>KEYS: conv, hist. ARGV: watermark. Returns nil when gone, else {seq, members...} after the watermark, oldest first.</summary>
    public const string Since = """
        local seq = redis.call('HGET', KEYS[1], 'seq')
        if not seq then return nil end
        local items = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf')
        table.insert(items, 1, seq)
        return items
        """;

    /// <summary>KEYS: streams. ARGV: now ms, lease ms, max, lease id, ttl ms. Returns 1 when the lease was taken.</summary>
    public const string OpenStream = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZSCORE', KEYS[1], ARGV[4]) == false and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
        redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;
}

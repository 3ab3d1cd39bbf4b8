using System.Security.Cryptography;
using Bot.Host.Tests.Reliability;
using Bot.Tests.Services;

namespace Bot.MultiInstance.Tests;

/// <summary>
/// Two real host processes (<c>dotnet Bot.Host.dll</c>, instances "A" and "B") on one Redis and one PostgreSQL
/// database, configured as the README's "Running several instances" says, behind a <see cref="RoundRobinProxy"/>.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private Cluster(Dictionary<string, ChildHost> instances, RoundRobinProxy proxy, string feedbackDatabase)
    {
        Instances = instances;
        Proxy = proxy;
        FeedbackDatabase = feedbackDatabase;
    }

    public IReadOnlyDictionary<string, ChildHost> Instances { get; }

    public RoundRobinProxy Proxy { get; }

    /// <summary>The Npgsql connection string both instances write feedback to.</summary>
    public string FeedbackDatabase { get; }

    public static async Task<Cluster> StartAsync(RedisServer redis, PostgresServer postgres, IDictionary<string, string>? more = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(postgres);
        var prefix = RedisServer.UniquePrefix();
        var database = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["ConnectionStrings__Feedback"] = database,
            ["State__RedisKeyPrefix"] = prefix,
            ["DirectLine__RedisKeyPrefix"] = prefix + "dl:",
            ["DirectLine__TokenSigningKey"] = NewKey(),
            ["WebChat__PageToken__Key"] = NewKey(),
            ["ForwardedHeaders__Enabled"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var instances = new Dictionary<string, ChildHost>();
        try
        {
            // One after the other: each builds its index and loads its models at start, on a 2-core machine.
            instances["A"] = await ChildHost.StartAsync(environment);
            instances["B"] = await ChildHost.StartAsync(environment);
            var proxy = await RoundRobinProxy.StartAsync(instances.ToDictionary(i => i.Key, i => i.Value.BaseAddress));
            return new Cluster(instances, proxy, database);
        }
        catch
        {
            foreach (var instance in instances.Values)
            {
                instance.Dispose();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        foreach (var instance in Instances.Values)
        {
            instance.Dispose();
        }
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

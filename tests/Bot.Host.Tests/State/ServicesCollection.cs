using Bot.Tests.Services;

namespace Bot.Host.Tests.State;

[CollectionDefinition(Name)]
public sealed class ServicesCollection : ICollectionFixture<PostgresServer>, ICollectionFixture<RedisServer>
{
    public const string Name = "Redis and PostgreSQL";
}

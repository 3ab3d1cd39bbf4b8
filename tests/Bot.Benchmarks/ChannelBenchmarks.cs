using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Bot.Answers;
using Bot.Host.Bot;
using Bot.Protocol.Schema;

namespace Bot.Benchmarks;

/// <summary>
/// The channel side of a turn: reading the inbound activity's JSON, rendering the answer for the channel
/// (markdown text, Adaptive Card, citation entity, suggested actions) and writing the reply's JSON, for
/// the Emulator/Web Chat shape (card) and the Teams shape (citations entity, feedback loop). The answers
/// are the case set's real answers, computed once in setup; per operation = one question.
/// </summary>
[MemoryDiagnoser]
public class ChannelBenchmarks
{
    private const int OperationsPerInvoke = 64;

    private Answer[] _answers = [];
    private Activity _inbound = null!;
    private byte[] _inboundJson = [];
    private Activity[] _replies = [];

    [Params("emulator", "msteams")]
    public string Channel { get; set; } = "emulator";

    [GlobalSetup]
    public void Setup()
    {
        using var engine = CaseSet.CreateEngine();
        var set = CaseSet.Questions;
        _answers = Enumerable.Range(0, OperationsPerInvoke).Select(i => engine.Answer(new Question(set[i % set.Count], i == 0))).ToArray();
        _inboundJson = InboundJson(Channel);
        _inbound = JsonSerializer.Deserialize<Activity>(_inboundJson, ProtocolJson.Options)!;
        _replies = _answers.Select(a => AnswerRenderer.Render(a, _inbound)).ToArray();
    }

    /// <summary>An inbound message as the channel posts it (Teams with its usual channelData and entities).</summary>
    public static byte[] InboundJson(string channel)
    {
        var teams = channel == Channels.Msteams;
        var json = $$"""
            {"type":"message","id":"1732233600000","timestamp":"2026-11-22T00:00:00.123Z","localTimestamp":"2026-11-22T01:00:00.123+01:00",
             "channelId":"{{channel}}","serviceUrl":"{{(teams ? "https://smba.trafficmanager.net/emea/" : "http://127.0.0.1:5000/")}}",
             "from":{"id":"29:1a2b3c4d5e","name":"Alex Example","aadObjectId":"7d2f1c9e-0000-4000-8000-000000000002","role":"user"},
             "conversation":{"conversationType":"personal","tenantId":"0f4e5d6c-0000-4000-8000-000000000003","id":"a:1x2y3z4w5v6u7t8s9r"},
             "recipient":{"id":"28:8f3e2c1a-0000-4000-8000-000000000001","name":"HFS Info","role":"bot"},
             "textFormat":"plain","locale":"en-GB","text":"What causes hemifacial spasm and can it be treated?",
             "attachments":[],
             "entities":[{"type":"clientInfo","locale":"en-GB","country":"GB","platform":"Web","timezone":"Europe/London"}],
             "channelData":{"tenant":{"id":"0f4e5d6c-0000-4000-8000-000000000003"},"clientActivityID":"k3j4h5g6"} }
            """;
        return System.Text.Encoding.UTF8.GetBytes(json);
    }

    [Benchmark(Description = "read inbound activity JSON")]
    public Activity ReadActivity() => JsonSerializer.Deserialize<Activity>(_inboundJson, ProtocolJson.Options)!;

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "render answer for channel")]
    public int Render()
    {
        var sum = 0;
        foreach (var answer in _answers)
        {
            var reply = AnswerRenderer.Render(answer, _inbound);
            sum += (reply.Text?.Length ?? 0) + (reply.Attachments?.Count ?? 0) + (reply.Entities?.Count ?? 0);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "write reply activity JSON")]
    public int WriteReply()
    {
        var sum = 0;
        foreach (var reply in _replies)
        {
            sum += JsonSerializer.SerializeToUtf8Bytes(reply, ProtocolJson.Options).Length;
        }

        return sum;
    }
}

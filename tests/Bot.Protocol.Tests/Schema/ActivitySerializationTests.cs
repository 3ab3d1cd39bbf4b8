using FsCheck;
using FsCheck.Fluent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Protocol.Schema;

namespace Bot.Protocol.Tests.Schema;

public class ActivitySerializationTests
{
    private const string TeamsMessage = """
        {
          "type": "message",
          "id": "1732250000000",
          "timestamp": "2026-11-22T05:00:00.123Z",
          "localTimestamp": "2026-11-22T06:00:00.123+01:00",
          "localTimezone": "Europe/Berlin",
          "serviceUrl": "https://smba.trafficmanager.net/amer/",
          "channelId": "msteams",
          "from": { "id": "29:1abc", "name": "Ada", "aadObjectId": "00000000-0000-0000-0000-000000000001", "futureField": { "x": 1 } },
          "conversation": { "conversationType": "personal", "tenantId": "t1", "id": "a:1xyz" },
          "recipient": { "id": "28:app", "name": "HFS bot" },
          "textFormat": "plain",
          "locale": "en-US",
          "text": "<at>HFS bot</at> what is hemifacial spasm?",
          "entities": [
            { "type": "clientInfo", "locale": "en-US", "country": "US", "platform": "Web", "timezone": "America/New_York" },
            { "type": "mention", "mentioned": { "id": "28:app", "name": "HFS bot" }, "text": "<at>HFS bot</at>" }
          ],
          "channelData": { "tenant": { "id": "t1" }, "eventType": null, "nested": [1, "two", { "three": true }] },
          "someNewTopLevelField": [1, 2, 3],
          "anotherOne": "kept"
        }
        """;

    [Fact]
    public void A_Teams_message_round_trips_with_every_unknown_field_kept()
    {
        var activity = JsonSerializer.Deserialize<Activity>(TeamsMessage, ProtocolJson.Options)!;
        var json = JsonSerializer.Serialize(activity, ProtocolJson.Options);

        var expected = JsonNode.Parse(TeamsMessage)!.AsObject();
        // channelData's inner null is part of an opaque object and survives; only top-level nulls are dropped.
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(json)), json);
        Assert.Equal("msteams", activity.ChannelId);
        Assert.Equal("a:1xyz", activity.Conversation!.Id);
        Assert.Equal("personal", activity.Conversation.ConversationType);
        Assert.True(activity.Properties!.ContainsKey("someNewTopLevelField"));
        Assert.True(activity.From!.Properties!.ContainsKey("futureField"));
    }

    [Fact]
    public void Nulls_and_unset_fields_are_left_out_and_names_are_camel_case()
    {
        var activity = Activity.CreateMessageActivity("hi");
        activity.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, "Q", "Q")] };

        var json = JsonSerializer.Serialize(activity, ProtocolJson.Options);

        Assert.Equal("""{"type":"message","text":"hi","suggestedActions":{"actions":[{"type":"imBack","title":"Q","value":"Q"}]}}""", json);
    }

    [Fact]
    public void Timestamps_are_written_in_UTC_with_a_Z()
    {
        var activity = new Activity { Type = "message", Timestamp = new DateTimeOffset(2026, 11, 22, 7, 30, 0, TimeSpan.FromHours(2)) };

        var json = JsonSerializer.Serialize(activity, ProtocolJson.Options);

        Assert.Contains("\"timestamp\":\"2026-11-22T05:30:00Z\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrongly_cased_fields_are_not_mistaken_for_known_ones()
    {
        var activity = JsonSerializer.Deserialize<Activity>("""{"type":"message","Text":"x"}""", ProtocolJson.Options)!;

        Assert.Null(activity.Text);
        Assert.True(activity.Properties!.ContainsKey("Text"));
    }

    [Fact]
    public void Card_submit_values_arrive_as_JSON_and_are_sent_back_unchanged()
    {
        var activity = JsonSerializer.Deserialize<Activity>("""{"type":"message","value":{"action":"ask","question":"Is it serious?"},"channelData":{"postBack":true}}""", ProtocolJson.Options)!;

        var value = ProtocolJson.AsElement(activity.Value)!.Value;
        Assert.Equal("Is it serious?", value.GetProperty("question").GetString());
        Assert.Equal("""{"type":"message","channelData":{"postBack":true},"value":{"action":"ask","question":"Is it serious?"}}""", JsonSerializer.Serialize(activity, ProtocolJson.Options));
    }

    [Fact]
    public void Arbitrary_text_ids_and_extra_fields_survive_a_round_trip()
    {
        Check.QuickThrowOnFailure(Prop.ForAll<string, string, int>((text, id, extra) =>
        {
            var activity = new Activity
            {
                Type = "message",
                Text = text,
                Id = id,
                Properties = new Dictionary<string, object> { ["extra"] = extra },
            };
            var back = JsonSerializer.Deserialize<Activity>(JsonSerializer.Serialize(activity, ProtocolJson.Options), ProtocolJson.Options)!;
            return back.Text == text && back.Id == id && ((JsonElement)back.Properties!["extra"]).GetInt32() == extra;
        }));
    }
}

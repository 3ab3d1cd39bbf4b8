using System.Text.Json;
using Bot.Protocol.Builder;
using Bot.Protocol.Schema;

namespace Bot.Protocol.Tests.Builder;

public class ActivityHandlerTests
{
    private sealed class RecordingBot : ActivityHandler
    {
        public List<string> Calls { get; } = [];

        protected override Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
        {
            Calls.Add("message");
            return Task.CompletedTask;
        }

        protected override Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken)
        {
            Calls.Add("membersAdded:" + string.Join(",", membersAdded.Select(m => m.Id)));
            return Task.CompletedTask;
        }

        protected override Task OnReactionsAddedAsync(IList<MessageReaction> reactions, ITurnContext turnContext, CancellationToken cancellationToken)
        {
            Calls.Add("reactions:" + string.Join(",", reactions.Select(r => r.Type)));
            return Task.CompletedTask;
        }
    }

    private static (TurnContext Context, List<Activity> Sent) Context(Activity activity)
    {
        var sent = new List<Activity>();
        var context = new TurnContext(activity, (a, _) =>
        {
            sent.Add(a);
            return Task.FromResult<ResourceResponse?>(new ResourceResponse("r" + sent.Count));
        });
        return (context, sent);
    }

    private static Activity Inbound(string type) => new()
    {
        Type = type,
        Id = "in-1",
        ChannelId = "emulator",
        ServiceUrl = "http://localhost:1/",
        Conversation = new ConversationAccount("c1"),
        From = new ChannelAccount("user", "User"),
        Recipient = new ChannelAccount("bot", "Bot"),
        Locale = "en-GB",
    };

    [Fact]
    public async Task Members_added_is_called_only_when_someone_other_than_the_bot_joined()
    {
        var bot = new RecordingBot();
        var onlyBot = Inbound("conversationUpdate");
        onlyBot.MembersAdded = [new ChannelAccount("bot")];
        var both = Inbound("conversationUpdate");
        both.MembersAdded = [new ChannelAccount("user"), new ChannelAccount("bot")];

        await bot.OnTurnAsync(Context(onlyBot).Context);
        await bot.OnTurnAsync(Context(both).Context);

        Assert.Equal(["membersAdded:user,bot"], bot.Calls);
    }

    [Fact]
    public async Task Unknown_activity_types_are_ignored()
    {
        var bot = new RecordingBot();
        var (context, sent) = Context(Inbound("somethingNew"));

        await bot.OnTurnAsync(context);

        Assert.Empty(bot.Calls);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task An_unhandled_invoke_gets_501()
    {
        var invoke = Inbound("invoke");
        invoke.Name = "composeExtension/query";
        var (context, _) = Context(invoke);

        await new RecordingBot().OnTurnAsync(context);

        Assert.Equal(501, context.InvokeResponse!.Status);
    }

    [Fact]
    public async Task A_malformed_adaptive_card_action_gets_400_with_an_error_body()
    {
        var invoke = Inbound("invoke");
        invoke.Name = "adaptiveCard/action";
        invoke.Value = JsonDocument.Parse("""{"action":{"type":"Action.Submit"}}""").RootElement;
        var (context, _) = Context(invoke);

        await new RecordingBot().OnTurnAsync(context);

        Assert.Equal(400, context.InvokeResponse!.Status);
        var body = Assert.IsType<AdaptiveCardInvokeResponse>(context.InvokeResponse.Body);
        Assert.Equal(ContentTypes.Error, body.Type);
    }

    [Fact]
    public async Task Reactions_are_routed_with_their_types()
    {
        var bot = new RecordingBot();
        var reaction = Inbound("messageReaction");
        reaction.ReactionsAdded = [new MessageReaction { Type = "like" }];

        await bot.OnTurnAsync(Context(reaction).Context);

        Assert.Equal(["reactions:like"], bot.Calls);
    }

    [Fact]
    public async Task A_reply_is_addressed_from_the_incoming_activity()
    {
        var (context, sent) = Context(Inbound("message"));

        await context.SendActivityAsync(new Activity { Type = "message", Text = "hi", Id = "must-go", Attachments = [], Entities = [] });

        var reply = Assert.Single(sent);
        Assert.Equal("emulator", reply.ChannelId);
        Assert.Equal("http://localhost:1/", reply.ServiceUrl);
        Assert.Equal("c1", reply.Conversation!.Id);
        Assert.Equal("bot", reply.From!.Id);
        Assert.Equal("user", reply.Recipient!.Id);
        Assert.Equal("in-1", reply.ReplyToId);
        Assert.Equal("en-GB", reply.Locale);
        Assert.Null(reply.Id);
        Assert.Null(reply.Attachments);
        Assert.Null(reply.Entities);
        Assert.True(context.Responded);
    }

    [Theory]
    [InlineData("directline")]
    [InlineData("webchat")]
    public async Task A_Direct_Line_conversation_update_is_answered_with_send_to_conversation(string channel)
    {
        var update = Inbound("conversationUpdate");
        update.ChannelId = channel;
        var (context, sent) = Context(update);

        await context.SendActivityAsync("welcome");

        Assert.Null(Assert.Single(sent).ReplyToId);
    }
}

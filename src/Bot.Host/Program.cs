using Bot.Host.Answers;
using Bot.Host.Bot;
using Bot.Host.DirectLine;
using Bot.Host.Feedback;
using Bot.Host.Health;
using Bot.Host.WebChat;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAnswerEngine(builder.Configuration);
builder.Services.AddFeedbackStore(builder.Configuration);
builder.Services.AddBot(builder.Configuration);
builder.Services.AddDirectLine(builder.Configuration);
builder.Services.AddWebChat(builder.Configuration);

var app = builder.Build();

app.MapHealthEndpoints();
app.MapBotEndpoints();
app.MapDirectLine();
app.MapWebChat();

app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;

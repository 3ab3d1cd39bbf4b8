using Bot.Host.Answers;
using Bot.Host.Bot;
using Bot.DirectLine;
using Bot.Host.DirectLine;
using Bot.Host.Feedback;
using Bot.Host.Health;
using Bot.Host.Hosting;
using Bot.Host.Limits;
using Bot.Host.RateLimiting;
using Bot.Host.Reliability;
using Bot.Host.Security;
using Bot.Host.Telemetry;
using Bot.Host.WebChat;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Choose(args) });
builder.UseDefaultBotAddress();

builder.Services.AddAnswerEngine(builder.Configuration);
builder.Services.AddFeedbackStore(builder.Configuration);
builder.Services.AddBot(builder.Configuration);
builder.Services.AddBotDirectLine(builder.Configuration);
builder.Services.AddWebChat(builder.Configuration);
builder.Services.AddRequestLimits(builder.Configuration);
builder.Services.AddBotRateLimiting(builder.Configuration);
builder.Services.AddSecurityHeaders(builder.Configuration);
builder.Services.AddReliability(builder.Configuration);
builder.Services.AddForwardedHeadersSetting(builder.Configuration);
builder.Services.AddBotTelemetry(builder.Configuration);

var app = builder.Build();

app.UseForwardedHeadersSetting();
app.UseSecurityHeaders();
app.UseShutdownDrain();
app.UseBotRateLimiting();

app.MapHealthEndpoints();
app.MapBotEndpoints();
app.MapDirectLine();
app.MapWebChat();
app.MapBotTelemetry();

app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;

using Bot.Host.WebChat;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddWebChat(builder.Configuration);
var app = builder.Build();

app.MapWebChat();

app.Run();

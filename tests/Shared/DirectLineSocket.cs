using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace Bot.Tests.Services;

/// <summary>Reading a Direct Line stream as a client does: one activity set per WebSocket message.</summary>
public static class DirectLineSocket
{
    /// <summary>
    /// The next activity set on the stream (whole message, however many frames), skipping the empty keep-alive
    /// messages; fails when the server closes the socket instead.
    /// </summary>
    public static async Task<JsonObject> ReceiveSetAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            if (message.Length > 0)
            {
                return (JsonObject)JsonNode.Parse(message.ToArray())!;
            }
        }
    }
}

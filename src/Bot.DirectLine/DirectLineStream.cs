using System.Net.WebSockets;
using System.Text;
using Bot.DirectLine.State;

namespace Bot.DirectLine;

/// <summary>
/// One WebSocket stream (<c>streamUrl</c>): sends every activity after the client's watermark as an
/// ActivitySet frame, then each new one as it arrives, until the client closes, the conversation expires
/// or the host stops. Frames the client sends (DirectLineJS sends empty ones as pings) are read and ignored.
/// </summary>
internal static class DirectLineStream
{
    public static async Task RunAsync(WebSocket socket, string conversationId, IDirectLineStore store, long watermark, CancellationTokenSource stop)
    {
        var receiving = DrainAsync(socket, stop);
        try
        {
            while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var page = await store.SinceAsync(conversationId, watermark, includeStreamOnly: true, stop.Token);
                if (page.Activities.Count > 0)
                {
                    var frame = Encoding.UTF8.GetBytes(DirectLineConversation.ActivitySetJson(page.Activities, page.Watermark));
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, stop.Token);
                    await store.TouchAsync(conversationId, stop.Token);
                }

                watermark = Math.Max(watermark, page.Watermark);
                if (!await store.WaitForActivityAfterAsync(conversationId, watermark, stop.Token))
                {
                    break; // the conversation expired
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
            return;
        }

        await CloseAsync(socket);
        await receiving;
    }

    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "conversation closed", timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
    }
}

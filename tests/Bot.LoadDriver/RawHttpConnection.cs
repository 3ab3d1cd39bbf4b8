using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bot.LoadDriver;

/// <summary>
/// One keep-alive HTTP/1.1 connection that POSTs JSON and reads the status and body of the answer,
/// nothing else: the lean client the load workers use (one connection each), so the driver, which
/// shares the machine's cores with the bot, spends as little CPU per turn as it can. Handles
/// Content-Length and chunked bodies and <c>Connection: close</c>; anything it cannot read is a
/// transport error and the connection is opened anew.
/// </summary>
public sealed class RawHttpConnection(Uri url) : IDisposable
{
    private readonly byte[] _requestHead = Encoding.ASCII.GetBytes(
        $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ");

    private byte[] _send = new byte[4096];
    private readonly byte[] _receive = new byte[16 * 1024];
    private int _start;
    private int _end;
    private Socket? _socket;

    /// <summary>POSTs <paramref name="body"/>; returns the status code once the whole response has been read.</summary>
    public async Task<int> PostAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        // A kept-alive connection the server closed while idle fails on first use: open a new one and
        // send again, once (as HttpClient does), before anything of a response has been read.
        if (_socket is not null)
        {
            try
            {
                return await SendAsync(body, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (_nothingRead && !cancellationToken.IsCancellationRequested)
            {
                // fall through to a fresh connection
            }
        }

        return await SendAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private bool _nothingRead;

    private async Task<int> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        _nothingRead = true;
        try
        {
            if (_socket is null)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new DnsEndPoint(url.Host, url.Port), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                _socket = socket;
                _start = _end = 0;
            }

            var length = _requestHead.Length + 16 + body.Length;
            if (_send.Length < length)
            {
                _send = new byte[length * 2];
            }

            _requestHead.CopyTo(_send, 0);
            var at = _requestHead.Length;
            Utf8Formatter.TryFormat(body.Length, _send.AsSpan(at), out var digits);
            at += digits;
            "\r\n\r\n"u8.CopyTo(_send.AsSpan(at));
            at += 4;
            body.Span.CopyTo(_send.AsSpan(at));
            at += body.Length;
            await _socket.SendAsync(_send.AsMemory(0, at), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
        {
            Close();
            throw new HttpRequestException(e.Message, e);
        }
        catch
        {
            Close();
            throw;
        }
    }

    private async Task<int> ReadResponseAsync(CancellationToken cancellationToken)
    {
        // Status line and headers.
        int headerEnd;
        while ((headerEnd = _receive.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        var head = _receive.AsSpan(_start, headerEnd);
        if (head.Length < 12 || !head.StartsWith("HTTP/1.1 "u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new InvalidDataException("not an HTTP/1.1 response");
        }

        long contentLength = -1;
        var chunked = false;
        var close = false;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out _))
                {
                    throw new InvalidDataException("bad Content-Length");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = value.IndexOf("chunked"u8) >= 0;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }

        _start += headerEnd + 4;
        if (chunked)
        {
            while (true)
            {
                int lineEnd;
                while ((lineEnd = _receive.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
                {
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                }

                var sizeText = _receive.AsSpan(_start, lineEnd);
                var semicolon = sizeText.IndexOf((byte)';');
                if (!Utf8Parser.TryParse(semicolon >= 0 ? sizeText[..semicolon] : sizeText, out long size, out _, 'X'))
                {
                    throw new InvalidDataException("bad chunk size");
                }

                _start += lineEnd + 2;
                await SkipAsync(size + 2, cancellationToken).ConfigureAwait(false); // data and its CRLF
                if (size == 0)
                {
                    break; // (no trailers from Kestrel or node)
                }
            }
        }
        else if (contentLength > 0)
        {
            await SkipAsync(contentLength, cancellationToken).ConfigureAwait(false);
        }
        else if (contentLength < 0 && status is not (204 or 304) && status >= 200)
        {
            // No length and not chunked: the body runs to the end of the connection.
            close = true;
        }

        if (close)
        {
            Close();
        }

        return status;
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_receive, _start, _receive, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _receive.Length)
        {
            throw new InvalidDataException("response headers too large");
        }

        var read = await _socket!.ReceiveAsync(_receive.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += read;
        _nothingRead = false;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    public void Dispose() => Close();
}

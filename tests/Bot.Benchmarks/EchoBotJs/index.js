'use strict';
// Comparison fixture for the load driver (tests/Bot.LoadDriver, `compare` mode): the smallest echo bot
// on the official Bot Builder SDK for JavaScript, as the SDK's own echo sample builds it (CloudAdapter,
// ActivityHandler, MessageFactory), anonymous (no MicrosoftAppId, as the Emulator expects), served by
// node's own http server on loopback. It answers every message with "Echo: <text>" through the
// Connector API at the activity's serviceUrl, exactly like the C# bot answers through its connector
// client, so both are driven by the same fake Connector with the same settings.
//
//   npm ci && PORT=3979 node index.js        (listens on 127.0.0.1 only)
//
// GET /readyz answers 200 once listening, so the driver can wait for both bots the same way.

const http = require('http');
const {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
} = require('botbuilder');

const port = Number(process.env.PORT || 3979);
const host = process.env.HOST || '127.0.0.1';
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  console.error(`refusing to listen on ${host}: this fixture serves loopback only`);
  process.exit(2);
}

// An empty configuration means no app id: the SDK skips JWT validation and calls the connector
// without a token (anonymous, the Emulator's mode).
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error(`[onTurnError] ${error}`);
};

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const text = context.activity.text || '';
      await context.sendActivity(MessageFactory.text(`Echo: ${text}`, `Echo: ${text}`));
      await next();
    });
  }
}
const bot = new EchoBot();

// CloudAdapter.process expects a restify/express-style request (parsed `body`) and response
// (`status`, `header`, `send`, `end`); node's http objects get those few members here, which is
// lighter than restify's middleware and so, if anything, flatters this bot in the comparison.
function asResponse(res) {
  let status = 200;
  let body;
  return {
    socket: res.socket,
    status(code) { status = code; },
    header(name, value) { res.setHeader(name, value); },
    send(value) { body = value; },
    end() {
      if (body === undefined || body === null) {
        res.writeHead(status, { 'content-length': 0 });
        res.end();
        return;
      }
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, {
        'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    },
  };
}

const maxBody = 256 * 1024;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && (req.url === '/readyz' || req.url === '/healthz')) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  if (req.url !== '/api/messages') {
    res.writeHead(404, { 'content-length': 0 });
    res.end();
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > maxBody) {
      res.writeHead(413, { 'content-length': 0 });
      res.end();
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (res.writableEnded) return;
    try {
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-length': 0 });
      res.end();
      return;
    }
    adapter.process(req, asResponse(res), (context) => bot.run(context)).catch((err) => {
      console.error(err);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-length': 0 });
        res.end();
      }
    });
  });
});

server.keepAliveTimeout = 120000;
server.listen(port, host, () => {
  console.log(`echo bot (botbuilder ${require('botbuilder/package.json').version}, node ${process.version}) listening on http://${host}:${port}/api/messages`);
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

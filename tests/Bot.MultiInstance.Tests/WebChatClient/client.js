'use strict';
// Web Chat's Direct Line client (botframework-directlinejs) driven from Node for the multi-instance test.
// Node 20 has fetch but neither WebSocket nor XMLHttpRequest, which the client takes from the global scope
// as in a browser: `ws` and `xhr2` stand in for them. The page's steps are those of src/Bot.Host/wwwroot/js/chat.js:
// GET webchat/settings, POST its tokenUrl with the signed page token, then DirectLine({ token, domain, webSocket }).
//
// Usage: node client.js <base url>. Commands on stdin, one JSON object a line:
//   {"cmd":"start","conv":"a"}                          start conversation "a" (a new visitor)
//   {"cmd":"post","conv":"a","ref":"a1","activity":{}}  post an activity (from is filled in)
//   {"cmd":"end"}                                       end every conversation and exit
// Events on stdout, one JSON object a line: started, tokenFailed, status, activity, posted, postFailed, error.
global.WebSocket = require('ws');
global.XMLHttpRequest = require('xhr2');
const { DirectLine } = require('botframework-directlinejs');
const readline = require('readline');

const base = new URL(process.argv[2]);
const conversations = new Map();
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');

async function start(conv) {
  const settings = await (await fetch(new URL('webchat/settings', base), { headers: { Accept: 'application/json' } })).json();
  const userId = 'dl_' + require('crypto').randomBytes(8).toString('hex');
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (settings.pageToken) {
    headers.Authorization = 'Bearer ' + settings.pageToken;
  }
  const response = await fetch(new URL(settings.tokenUrl, base), { method: 'POST', headers, body: JSON.stringify({ user: { id: userId, name: 'You' } }) });
  if (!response.ok) {
    emit({ event: 'tokenFailed', conv, status: response.status });
    return;
  }
  const grant = await response.json();
  const domain = settings.domain || new URL('v3/directline', base).href;
  const directLine = new DirectLine({ token: grant.token, domain, webSocket: true });
  conversations.set(conv, { directLine, userId: grant.userId || userId });
  directLine.connectionStatus$.subscribe((status) => emit({ event: 'status', conv, status }));
  directLine.activity$.subscribe(
    (activity) => emit({ event: 'activity', conv, activity }),
    (error) => emit({ event: 'error', conv, message: String(error && error.message || error) }));
  emit({ event: 'started', conv, conversationId: grant.conversationId });
}

function post(conv, ref, activity) {
  const c = conversations.get(conv);
  if (!c) {
    emit({ event: 'postFailed', conv, ref, status: 0, message: 'no such conversation' });
    return;
  }
  c.directLine.postActivity({ ...activity, from: { id: c.userId, name: 'You', role: 'user' } }).subscribe(
    (id) => emit(id === 'retry' ? { event: 'postFailed', conv, ref, status: 0, message: 'retry' } : { event: 'posted', conv, ref, id }),
    (error) => emit({ event: 'postFailed', conv, ref, status: error && error.status || 0, message: String(error && error.message || error) }));
}

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  let command;
  try {
    command = JSON.parse(line);
  } catch (e) {
    emit({ event: 'error', message: 'bad command' });
    return;
  }
  if (command.cmd === 'start') {
    start(command.conv).catch((e) => emit({ event: 'tokenFailed', conv: command.conv, status: 0, message: String(e) }));
  } else if (command.cmd === 'post') {
    post(command.conv, command.ref, command.activity);
  } else if (command.cmd === 'end') {
    for (const c of conversations.values()) {
      c.directLine.end();
    }
    process.exit(0);
  }
});
input.on('close', () => process.exit(0));

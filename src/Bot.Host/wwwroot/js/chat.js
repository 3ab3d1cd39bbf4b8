// Starts Bot Framework Web Chat on the page. No inline script: the page's content security policy allows
// only its own scripts. The Direct Line is this host's (/v3/directline) unless the host's settings name
// another one (Azure Direct Line in production).
(function () {
  'use strict';

  var statusElement = document.getElementById('chat-status');
  var chatElement = document.getElementById('chat');

  // DirectLineJS connection states (botframework-directlinejs ConnectionStatus).
  var STATUS_TEXT = {
    0: 'Connecting to the bot…',
    1: 'Connecting to the bot…',
    2: 'Connected. Type a question below, or pick one of the suggestions.',
    3: 'The session expired. Reload the page to start again.',
    4: 'Could not connect to the bot. Check your connection and reload the page.',
    5: 'The conversation has ended. Reload the page to start a new one.'
  };

  function setStatus(text, isError) {
    statusElement.textContent = text;
    statusElement.classList.toggle('is-error', !!isError);
    chatElement.setAttribute('aria-busy', isError || text === STATUS_TEXT[2] ? 'false' : 'true');
  }

  function newUserId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return 'dl_' + Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  async function fetchJson(url, init) {
    var response = await fetch(url, init);
    if (!response.ok) {
      throw new Error(url + ' answered ' + response.status);
    }
    return response.json();
  }

  async function start() {
    if (!window.WebChat) {
      throw new Error('the Web Chat bundle did not load');
    }

    var settings = await fetchJson('webchat/settings', { headers: { Accept: 'application/json' } });
    var userId = newUserId();
    var grant = await fetchJson(settings.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ user: { id: userId, name: 'You' } })
    });
    if (grant.userId) {
      userId = grant.userId;
    }

    var domain = settings.domain || new URL('v3/directline', document.baseURI).href;
    var directLine = window.WebChat.createDirectLine({
      token: grant.token,
      domain: domain,
      webSocket: settings.webSocket !== false
    });
    directLine.connectionStatus$.subscribe(function (status) {
      setStatus(STATUS_TEXT[status] || STATUS_TEXT[1], status >= 3);
    });

    window.WebChat.renderWebChat({
      directLine: directLine,
      userID: userId,
      username: 'You',
      locale: settings.locale || 'en-GB',
      styleOptions: {
        accent: '#0b5cad',
        primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif',
        bubbleBackground: '#f2f5f9',
        bubbleBorderColor: '#c9d2dc',
        bubbleBorderRadius: 10,
        bubbleFromUserBackground: '#0b5cad',
        bubbleFromUserTextColor: '#ffffff',
        bubbleFromUserBorderRadius: 10,
        bubbleMaxWidth: 600,
        botAvatarInitials: 'HS',
        botAvatarBackgroundColor: '#0b5cad',
        userAvatarInitials: 'You',
        hideUploadButton: true,
        sendBoxTextWrap: true,
        suggestedActionLayout: 'flow',
        suggestedActionBackgroundColor: '#ffffff',
        suggestedActionBorderColor: '#0b5cad',
        suggestedActionTextColor: '#0b5cad',
        suggestedActionBorderRadius: 16,
        subtle: '#4a5563',
        timestampColor: '#4a5563',
        richCardWrapTitle: true
      }
    }, chatElement);
  }

  start().catch(function (error) {
    setStatus('The chat could not start (' + error.message + '). Reload the page to try again.', true);
  });
}());

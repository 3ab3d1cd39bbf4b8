// Starts Bot Framework Web Chat on the page. No inline script: the page's content security policy allows
// only its own scripts. The Direct Line is this host's (/v3/directline) unless the host's settings name
// another one (Azure Direct Line in production).
(function () {
  'use strict';

  var statusElement = document.getElementById('chat-status');
  var chatElement = document.getElementById('chat');
  var alertElement = document.getElementById('chat-alert');

  // DirectLineJS connection states (botframework-directlinejs ConnectionStatus).
  var STATUS_TEXT = {
    0: 'Connecting to the bot…',
    1: 'Connecting to the bot…',
    2: 'Connected. Type a question below, or pick one of the suggestions.',
    3: 'The session expired. Reload the page to start again.',
    4: 'Could not connect to the bot. Check your connection and reload the page.',
    5: 'The conversation has ended. Reload the page to start a new one.'
  };

  // What an urgent reply is announced as (the bot marks it with channelData.urgency, see AnswerRenderer).
  var URGENCY_TEXT = {
    CallEmergencyNow: 'Urgent: call your emergency number now.',
    CrisisSupport: 'Urgent: support is available now.',
    CareToday: 'Important: get medical care today.',
    CallTreatingClinic: 'Important: call the clinic that treated you.'
  };

  function setStatus(text, isError) {
    statusElement.textContent = text;
    statusElement.classList.toggle('is-error', !!isError);
    chatElement.setAttribute('aria-busy', isError || text === STATUS_TEXT[2] ? 'false' : 'true');
  }

  // Not "dl_…": Web Chat reserves that prefix for ids embedded in a signed Azure token and warns otherwise.
  function newUserId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return 'u_' + Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  async function fetchJson(url, init) {
    var response = await fetch(url, init);
    if (!response.ok) {
      throw new Error(url + ' answered ' + response.status);
    }
    return response.json();
  }

  // The privacy text says exactly what is kept: comments only when the host keeps them.
  function showPrivacy(allowComments) {
    var comments = document.getElementById('privacy-comments');
    var noComments = document.getElementById('privacy-no-comments');
    if (comments && noComments) {
      comments.hidden = !allowComments;
      noComments.hidden = !!allowComments;
    }
  }

  // An urgent reply is announced at once (role="alert"), before the transcript's own polite announcement.
  function announceUrgent(activity) {
    var urgency = activity && activity.channelData && activity.channelData.urgency;
    if (!urgency || !activity.from || activity.from.role !== 'bot') {
      return;
    }
    alertElement.textContent = '';
    window.setTimeout(function () {
      alertElement.textContent = (URGENCY_TEXT[urgency] || URGENCY_TEXT.CallEmergencyNow) + ' ' + (activity.speak || activity.summary || '');
    }, 50);
  }

  function narrow() {
    return window.matchMedia('(max-width: 480px)').matches;
  }

  async function start() {
    if (!window.WebChat) {
      throw new Error('the Web Chat bundle did not load');
    }

    var settings = await fetchJson('webchat/settings', { headers: { Accept: 'application/json' } });
    showPrivacy(settings.allowComments === true);
    var userId = newUserId();
    // The signed page token (this host's Direct Line or its Azure token exchange) shows the request comes from this page.
    var tokenHeaders = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (settings.pageToken) {
      tokenHeaders.Authorization = 'Bearer ' + settings.pageToken;
    }
    var grant = await fetchJson(settings.tokenUrl, {
      method: 'POST',
      headers: tokenHeaders,
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

    var store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
            announceUrgent(action.payload && action.payload.activity);
          }
          return next(action);
        };
      };
    });

    var small = narrow();
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      userID: userId,
      username: 'You',
      locale: settings.locale || 'en-GB',
      styleOptions: {
        accent: '#0b5cad',
        primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif',
        fontSizeSmall: '80%',
        bubbleBackground: '#f2f5f9',
        bubbleBorderColor: '#c9d2dc',
        bubbleBorderRadius: 12,
        bubbleFromUserBackground: '#0b5cad',
        bubbleFromUserBorderColor: '#0b5cad',
        bubbleFromUserTextColor: '#ffffff',
        bubbleFromUserBorderRadius: 12,
        bubbleMinWidth: 0,
        bubbleMaxWidth: 640,
        bubbleNubSize: 0,
        bubbleFromUserNubSize: 0,
        // On a phone every pixel of width goes to the text.
        botAvatarInitials: small ? undefined : 'HS',
        botAvatarBackgroundColor: '#0b5cad',
        userAvatarInitials: small ? undefined : 'You',
        userAvatarBackgroundColor: '#4a5563',
        hideUploadButton: true,
        sendBoxTextWrap: true,
        suggestedActionLayout: 'flow',
        suggestedActionBackgroundColor: '#ffffff',
        suggestedActionBorderColor: '#0b5cad',
        suggestedActionBorderRadius: 18,
        suggestedActionBorderWidth: 1,
        suggestedActionTextColor: '#0b5cad',
        suggestedActionHeight: 'auto',
        subtle: '#4a5563',
        timestampColor: '#4a5563',
        richCardWrapTitle: true,
        cardEmphasisBackgroundColor: '#f2f5f9'
      }
    }, chatElement);
  }

  start().catch(function (error) {
    setStatus('The chat could not start (' + error.message + '). Reload the page to try again.', true);
  });
}());

// Runs in the page's isolated world (bundled as one classic IIFE script). Relays the page's
// Hubbub messages to the service worker and the panel's messages into the page.
import { checkExtensionMessage, checkPageMessage, EXTENSION_SOURCE, type ExtensionMessage } from '../../src/devtools/protocol';
import { CONTENT_PORT } from '../shared/port-names';
import { post } from '../shared/post';

const MAX_HELD = 5000;
let port: chrome.runtime.Port | undefined;
/** True while a panel shows this tab; until then page messages are held, not lost. */
let attached = false;
/** This page has spoken Hubbub: keep a port open (and reopen it) from now on. */
let pageUsesHubbub = false;
let orphaned = false;
const held: ExtensionMessage[] = [];
const reported = new Set<string>();

const targetOrigin = () => (location.origin && location.origin !== 'null' ? location.origin : '/');

/** A post failed: the worker stopped and Chrome has not told this port yet. Hold messages (in order) until it reconnects. */
const lost = () => {
  port = undefined;
  attached = false;
  setTimeout(ensurePort, 20);
};

const flush = () => {
  let sent = 0;
  try {
    for (; port && attached && sent < held.length; sent++) post(port, held[sent] as ExtensionMessage);
  } catch {
    lost();
  }
  held.splice(0, sent);
};

const send = (message: ExtensionMessage) => {
  if (port && attached) {
    try {
      return post(port, message);
    } catch {
      lost();
    }
  }
  if (held.push(message) > MAX_HELD) held.shift();
};

const onWorkerMessage = (raw: unknown) => {
  const checked = checkExtensionMessage(raw);
  if (!checked.ok) return;
  const message = checked.message;
  if (message.kind === 'panel-presence') {
    attached = message.attached;
    flush();
  } else if (message.kind === 'to-page') {
    window.postMessage(message.message, targetOrigin());
  }
};

const ensurePort = () => {
  if (port || orphaned) return;
  try {
    port = chrome.runtime.connect({ name: CONTENT_PORT });
  } catch {
    // "Extension context invalidated": the extension was reloaded; this script is a leftover.
    orphaned = true;
    return;
  }
  const current = port;
  current.onMessage.addListener(onWorkerMessage);
  current.onDisconnect.addListener(() => {
    // A port already given up on (a post to it failed) must not reset its successor.
    if (port !== current) return;
    port = undefined;
    attached = false;
    // The worker was stopped (or restarted): reconnecting wakes it. Pages in bfcache reconnect on pageshow.
    if (pageUsesHubbub && document.visibilityState !== 'hidden') setTimeout(ensurePort, 20);
    else if (pageUsesHubbub) setTimeout(ensurePort, 500);
  });
};

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window || orphaned) return;
  const checked = checkPageMessage(event.data);
  if (checked.ok) {
    pageUsesHubbub = true;
    ensurePort();
    send({ source: EXTENSION_SOURCE, kind: 'relay', message: checked.message });
    return;
  }
  if (checked.reason === 'foreign') return;
  const key = checked.reason === 'version-mismatch' ? `v:${String(checked.version)}` : `m:${checked.detail}`;
  if (reported.has(key)) return;
  reported.add(key);
  pageUsesHubbub = true;
  ensurePort();
  send({
    source: EXTENSION_SOURCE,
    kind: 'page-rejected',
    reason: checked.reason,
    ...(checked.reason === 'version-mismatch' ? { pageVersion: checked.version } : { detail: checked.detail }),
  });
});

window.addEventListener('pageshow', (event) => {
  if (event.persisted && pageUsesHubbub) ensurePort();
});

// The worker pings tabs whose panel opened before this script had a port: answer, and connect.
chrome.runtime.onMessage.addListener((raw: unknown, _sender, sendResponse) => {
  const checked = checkExtensionMessage(raw);
  if (!checked.ok || checked.message.kind !== 'panel-presence') return;
  ensurePort();
  sendResponse(true);
});

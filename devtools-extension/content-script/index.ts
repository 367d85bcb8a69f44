// Runs in the page's isolated world (bundled as one classic IIFE script). Relays the page's
// Hubbub messages to the service worker and the panel's messages into the page.
import { checkExtensionMessage, checkPageMessage, type ExtensionMessage } from '../../src/devtools/protocol';
import { targetOrigin } from '../../src/devtools/target-origin';
import { EXTENSION_BASE } from '../shared/extension-base';
import { CONTENT_PORT } from '../shared/port-names';
import { createHeldQueue, MAX_HELD_MESSAGES, MAX_HELD_WEIGHT, weighMessage } from './held-queue';

/** Reopening a port after the worker stopped: soon while the tab is visible, later in the background. */
const RECONNECT_VISIBLE_MS = 20;
const RECONNECT_HIDDEN_MS = 500;
let port: chrome.runtime.Port | undefined;
/** True while a panel shows this tab; until then page messages are held (within bounds), not lost. */
let attached = false;
/** This page has spoken Hubbub: keep a port open (and reopen it) from now on. */
let pageUsesHubbub = false;
let orphaned = false;
/**
 * Page messages waiting for a panel, oldest first: at most MAX_HELD_MESSAGES and MAX_HELD_WEIGHT
 * (a page streaming big batches to an in-page viewer would otherwise fill the tab's memory). The
 * oldest go first, counted in `lost`, so the panel says messages were left out; the page re-sends
 * the history it keeps when the panel connects.
 */
const held = createHeldQueue<ExtensionMessage>({ maxItems: MAX_HELD_MESSAGES, maxWeight: MAX_HELD_WEIGHT, weigh: weighMessage });
/** Page messages that could not be posted since the last relay that went out; the next relay carries the count to the panel. */
let lost = 0;
const reported = new Set<string>();

const withLost = (message: ExtensionMessage): ExtensionMessage =>
  lost > 0 && message.kind === 'relay' ? { ...message, lost: (message.lost ?? 0) + lost } : message;

/**
 * The port is unusable (the worker stopped and Chrome has not told this port yet): disconnect it,
 * so a port that comes back to life cannot deliver alongside its successor, and open a new one.
 */
const replacePort = () => {
  const old = port;
  port = undefined;
  attached = false;
  try {
    old?.disconnect();
  } catch {}
  setTimeout(ensurePort, RECONNECT_VISIBLE_MS);
};

/**
 * Posts one message. A message that cannot be posted (too big for a port, or the port died) is
 * dropped and counted, never retried: the page re-sends its history to the panel on reconnect,
 * and a message retried first would stop every later one behind it.
 */
const deliver = (open: chrome.runtime.Port, message: ExtensionMessage): boolean => {
  const outgoing = withLost(message);
  try {
    open.postMessage(outgoing);
    if (outgoing !== message) lost = 0;
    return true;
  } catch (error) {
    if (message.kind === 'relay') lost++;
    // Too big: only this message is lost, the port is fine.
    if (!/exceed|length|size/i.test(String(error))) replacePort();
    return false;
  }
};

const flush = () => {
  while (port && attached) {
    const message = held.shift();
    if (message === undefined) return;
    deliver(port, message);
  }
};

const send = (message: ExtensionMessage) => {
  if (port && attached && held.length === 0) {
    deliver(port, message);
    return;
  }
  // Past a bound the oldest are dropped (or this one, alone over the weight cap): the next relay tells the panel how many.
  lost += held.push(message);
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
    // A port already given up on (replaced) must not reset its successor.
    if (port !== current) return;
    port = undefined;
    attached = false;
    // The worker was stopped (or restarted): reconnecting wakes it. Pages in bfcache reconnect on pageshow.
    if (pageUsesHubbub) setTimeout(ensurePort, document.visibilityState === 'hidden' ? RECONNECT_HIDDEN_MS : RECONNECT_VISIBLE_MS);
  });
};

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window || orphaned) return;
  const checked = checkPageMessage(event.data);
  if (checked.ok) {
    pageUsesHubbub = true;
    ensurePort();
    send({ ...EXTENSION_BASE, kind: 'relay', message: checked.message });
    return;
  }
  if (checked.reason === 'foreign') return;
  const key = checked.reason === 'version-mismatch' ? `v:${String(checked.version)}` : `m:${checked.detail}`;
  if (reported.has(key)) return;
  reported.add(key);
  pageUsesHubbub = true;
  ensurePort();
  send({
    ...EXTENSION_BASE,
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

import { checkPanelMessage, type PageMessage, type PanelMessage } from './protocol';

/** The page's end of the devtools channel; see {@link createWindowTransport}. */
export interface PageTransport {
  /** Posts a message to this window only (its own origin). Returns false if it could not be sent. */
  post(message: PageMessage): boolean;
  /** Stops listening. */
  close(): void;
}

/**
 * The target origin of everything the page posts: its own origin, never `'*'`. Opaque origins
 * (`file:`, sandboxed frames) serialize as `'null'`, which postMessage rejects; `'/'` means the
 * same origin there.
 */
export const targetOrigin = (): string => (location.origin && location.origin !== 'null' ? location.origin : '/');

/**
 * Talks to a panel (extension content script, floating panel, Playwright recorder) through
 * `window.postMessage`. Receives only messages posted by this very window (`event.source ===
 * window`) that carry the panel's source tag, this protocol version and a valid shape.
 *
 * @example
 * const transport = createWindowTransport((message) => message.kind === 'connect' && start())
 * transport.post({ source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId, instanceId, kind: 'goodbye' })
 */
export const createWindowTransport = (receive: (message: PanelMessage) => void): PageTransport => {
  const listener = (event: MessageEvent) => {
    if (event.source !== window) return;
    const checked = checkPanelMessage(event.data);
    if (checked.ok) receive(checked.message);
  };
  window.addEventListener('message', listener);
  let warned = false;
  return {
    post(message) {
      try {
        window.postMessage(message, targetOrigin());
        return true;
      } catch (error) {
        if (!warned) {
          warned = true;
          console.warn('[hubbub] devtools could not post a message; the panel may miss entries:', error);
        }
        return false;
      }
    },
    close() {
      window.removeEventListener('message', listener);
    },
  };
};

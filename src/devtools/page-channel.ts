import { checkPanelMessage, type PageMessage, type PanelMessage } from './protocol';
import { targetOrigin } from './target-origin';

/** The page's end of the devtools channel; see {@link createPageChannel}. @example const sent: boolean = channel.post(message) */
export interface PageChannel {
  /** Posts a message to this window only (its own origin). Returns false if it could not be sent. */
  post(message: PageMessage): boolean;
  /** Stops listening. */
  close(): void;
}

/**
 * The page's side of the devtools channel: talks to viewers (extension content script, floating
 * panel, Playwright recorder) through `window.postMessage`. Receives only messages posted by this
 * very window (`event.source === window`) that carry the panel's source tag, this protocol
 * version and a valid shape.
 *
 * @example
 * const channel = createPageChannel((message) => message.kind === 'connect' && start())
 * channel.post({ source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId, instanceId, kind: 'goodbye' })
 */
export const createPageChannel = (receive: (message: PanelMessage) => void): PageChannel => {
  const listener = (event: MessageEvent) => {
    if (event.source !== window) return;
    const checked = checkPanelMessage(event.data);
    if (checked.ok) receive(checked.message);
  };
  window.addEventListener('message', listener);
  let warned = false;
  const origin = targetOrigin();
  return {
    post(message) {
      try {
        window.postMessage(message, origin);
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

import { checkPageMessage, type PanelMessage } from '../../protocol';
import { targetOrigin } from '../../target-origin';
import type { PanelTransport, TransportEvent } from './adapter';

/**
 * A transport over the page's own window: reads the page's `postMessage` stream and posts panel
 * messages back, both restricted to the page's origin. Used by the in-page floating panel.
 *
 * @example
 * const stop = createWindowTransport(window).start((event) => { if (event.kind === 'page') console.log(event.message.kind) })
 */
export const createWindowTransport = (win: Window = window): PanelTransport => ({
  start(listener: (event: TransportEvent) => void) {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== win) return;
      const checked = checkPageMessage(event.data);
      if (checked.ok) listener({ kind: 'page', message: checked.message });
      else if (checked.reason === 'version-mismatch') listener({ kind: 'rejected', reason: 'version-mismatch', version: checked.version });
      else if (checked.reason === 'malformed') listener({ kind: 'rejected', reason: 'malformed', detail: checked.detail });
    };
    win.addEventListener('message', onMessage);
    // A promise job, not queueMicrotask, which Jest's default fake timers hold until the test advances them.
    Promise.resolve().then(() => listener({ kind: 'status', status: 'connected' }));
    return () => win.removeEventListener('message', onMessage);
  },
  send(message: PanelMessage) {
    win.postMessage(message, targetOrigin(win));
  },
});

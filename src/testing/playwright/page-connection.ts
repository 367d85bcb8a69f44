import type { Frame, Page } from '@playwright/test';
import { PANEL_SOURCE, type PanelMessage, PROTOCOL_VERSION } from '../../devtools/protocol';
import { documentIdScript, pageScript, postScript } from './page-script';

/**
 * Takes one page message the page script forwarded, from the frame and document it came from;
 * answers `false` once the recorder no longer listens (the script then disconnects and goes quiet).
 *
 * @example
 * const receive: ReceivePageMessage = (message, frame, documentId) => !stopped
 */
export type ReceivePageMessage = (message: unknown, frame: Frame | undefined, documentId: unknown) => boolean;

let recorders = 0;

/** Playwright's error for a frame that navigated or went away while the script was being added: the init script covers what comes next. */
const isGoneFrame = (error: unknown) => /context was destroyed|navigat|detached|closed/i.test(String(error));

/**
 * The recorder's line to a page, as a panel's: a Playwright binding the page script forwards the
 * page's messages to (its name is also the recorder's viewer id), that script in every frame
 * (now and after each navigation), and panel messages posted into a frame.
 *
 * @example
 * const connection = createPageConnection(page)
 * await connection.connect((message, frame, documentId) => true)
 * await connection.post({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'clear' })
 * await connection.disconnect()
 */
export const createPageConnection = (page: Page) => {
  const binding = `__hubbubRecorder${++recorders}_${Math.random().toString(36).slice(2, 8)}`;
  let installed: { dispose?: () => Promise<void> } | undefined;
  const post = (message: PanelMessage, frame?: Frame) => (frame ?? page).evaluate(postScript(message));

  return {
    binding,
    /** Posts a panel message from the window of `frame` (default: the main frame). */
    post,
    /** The id the page script gave the frame's current document; undefined before it ran, or when the frame is gone. */
    documentIdIn(frame: Frame | undefined): Promise<unknown> {
      return (frame ?? page).evaluate(documentIdScript(binding)).catch(() => undefined);
    },
    /** Exposes the binding and runs the page script in every frame, now and in documents loaded later. */
    async connect(receive: ReceivePageMessage): Promise<void> {
      await page.exposeBinding(binding, (source: { frame?: Frame }, message: unknown, documentId: unknown) =>
        receive(message, source.frame, documentId),
      );
      const script = pageScript(binding);
      // Recent Playwright returns a Disposable (disconnect() removes the script); older versions in the peer
      // range return nothing, and the script then goes quiet when the binding answers false.
      installed = await page.addInitScript({ content: script });
      // Documents already loaded (the page and its iframes) get the script now; the init script covers later ones.
      await Promise.all(
        page.frames().map((frame) =>
          frame.evaluate(script).catch((error: unknown) => {
            if (!isGoneFrame(error)) throw error;
          }),
        ),
      );
    },
    /** Removes the page script and tells the buses of every frame to stop streaming to this viewer. */
    async disconnect(): Promise<void> {
      const disconnect = { source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'disconnect', viewer: binding } as const;
      await Promise.all([installed?.dispose?.().catch(() => {}), ...page.frames().map((frame) => post(disconnect, frame).catch(() => {}))]);
    },
  };
};

/**
 * What {@link createPageConnection} returns.
 *
 * @example
 * const dispatcher = createDispatcher({ connection, ... })
 */
export type PageConnection = ReturnType<typeof createPageConnection>;

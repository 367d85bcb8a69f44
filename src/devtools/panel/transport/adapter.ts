import type { FrameInfo, PageMessage, PanelMessage } from '../../protocol';

/**
 * What a transport tells the panel: page messages, and how its link to the page is doing.
 *
 * @example
 * transport.start((event) => { if (event.kind === 'page') store.receive(event.message); else if (event.kind === 'lost') warn(`${event.count} messages lost`) })
 */
export type TransportEvent =
  /** A checked page message; `frame` when the host knows which frame sent it (the extension). */
  | { readonly kind: 'page'; readonly message: PageMessage; readonly frame?: FrameInfo }
  /** The page spoke Hubbub but a message was refused: another protocol version, or a bad shape. */
  | { readonly kind: 'rejected'; readonly reason: 'version-mismatch' | 'malformed'; readonly version?: unknown; readonly detail?: string }
  /**
   * The link itself: `connected` (a page side is reachable; send `connect`), `reconnecting`,
   * `no-content-script` (tab open since before the extension was installed), `navigated`.
   */
  | { readonly kind: 'status'; readonly status: 'connected' | 'reconnecting' | 'no-content-script' | 'navigated' }
  /** A frame's page side went away (navigation, bfcache, frame removed). */
  | { readonly kind: 'frame-gone'; readonly frame: FrameInfo }
  /** Page messages lost on the way (too big to relay, or the relay restarting); what a reconnect re-sends repairs them. */
  | { readonly kind: 'lost'; readonly count: number };

/**
 * Where a panel message goes: every frame, or one.
 *
 * @example
 * transport.send({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'request-snapshot' }, { frameId: 0 })
 */
export interface TransportTarget {
  readonly frameId?: number;
}

/**
 * The only thing the panel UI knows about how it reaches a page. Hosts: the extension's
 * chrome-port adapter, the in-page window adapter, and a fake in tests.
 *
 * @example
 * const transport: PanelTransport = {
 *   start: (listener) => { listener({ kind: 'status', status: 'connected' }); return () => {} },
 *   send: (message) => console.log('to page', message),
 * }
 */
export interface PanelTransport {
  /** Starts listening; returns a function that stops. Called once per mounted panel. */
  start(listener: (event: TransportEvent) => void): () => void;
  /** Sends a message toward the page's buses. */
  send(message: PanelMessage, target?: TransportTarget): void;
}

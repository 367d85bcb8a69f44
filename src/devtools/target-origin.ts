/**
 * The target origin of every devtools `postMessage` inside a page: its own origin, never `'*'`.
 * Opaque origins (`file:`, sandboxed frames) serialize as `'null'`, which postMessage rejects;
 * `'/'` means the same origin there.
 *
 * @example
 * window.postMessage(message, targetOrigin())
 */
export const targetOrigin = (win: Pick<Window, 'location'> = window): string =>
  win.location.origin && win.location.origin !== 'null' ? win.location.origin : '/';

import type { WebSocketLike } from '../../src/remote/index';

/**
 * A WebSocket that never opens: for connectRemote calls refused before any socket is used (bad
 * options, a bus of another copy of hubbub), which must throw at once.
 *
 * @example
 * expect(() => connectRemote(bus, { ...options, WebSocket: NeverOpenedSocket })).toThrow('options.dedupe.max')
 */
export class NeverOpenedSocket implements WebSocketLike {
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  send() {}
  close() {}
}

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { WebSocketLike } from '../../src/remote/index';

setFlagsFromString('--expose-gc');
/** V8's collector, reachable once `--expose-gc` is set (a new context picks the flag up). */
const collectGarbage = runInNewContext('gc') as () => void;

/** Full collections, each followed by a macrotask: queued messages and timers run, and WeakRefs read during a job are let go after it. */
const COLLECTION_ROUNDS = 4;

/**
 * Tracks objects by name, weakly, and says which of them full collections left alive: for tests
 * that let go of a bus (and what was given to it) and check that it can be collected. The answer is
 * deterministic, an object is collected or not: nothing is timed, no heap size is compared.
 *
 * Make what you track inside a function that returns before {@link RetentionProbe.retained} is
 * awaited (not in the test's own body): an async function keeps its locals while it waits.
 *
 * @example
 * const probe = createRetentionProbe()
 * const arrange = () => createBus().subscribe('a', probe.track('handler', () => {}))
 * arrange()
 * expect(await probe.retained()).toEqual([])
 */
export const createRetentionProbe = () => {
  const references = new Map<string, WeakRef<object>>();
  return {
    /** Tracks `value` under `name`, and returns it. */
    track<T extends object>(name: string, value: T): T {
      references.set(name, new WeakRef(value));
      return value;
    },
    /** Collects garbage, then lists the names of the tracked objects still alive, in tracking order. */
    async retained(): Promise<string[]> {
      for (let round = 0; round < COLLECTION_ROUNDS; round++) {
        collectGarbage();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      collectGarbage();
      return [...references].filter(([, reference]) => reference.deref() !== undefined).map(([name]) => name);
    },
  };
};

/** See {@link createRetentionProbe}. */
export type RetentionProbe = ReturnType<typeof createRetentionProbe>;

/**
 * A relay socket in memory: it opens, welcomes the client, and never acks what the client sends
 * (so the outbox keeps it until close). Extend it to answer more: `answer(frame)` sends one.
 *
 * @example
 * connectRemote(bus, { url: 'ws://relay.test/ws', channels: ['shop'], types, registry, WebSocket: UnackingRelaySocket as never })
 */
export class UnackingRelaySocket implements WebSocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor() {
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(frame: string) {
    if ((JSON.parse(frame) as { op?: string }).op !== 'hello') return;
    this.answer({ op: 'welcome', version: 1, node: 'memory', limits: { maxFrameBytes: 65_536, maxEventBytes: 32_768 } });
  }
  close() {
    this.readyState = 3;
  }
  protected answer(frame: object) {
    const data = JSON.stringify(frame);
    queueMicrotask(() => this.onmessage?.({ data }));
  }
}

import { releaseOnCall } from '../async/release-on-call';
import type { Bus } from '../core/bus';
import { eventTypeOf } from '../core/event-type';
import type { EventClass, EventMap, StringKey } from '../core/types';
import type { EventEnvelope, EventRegistry } from '../registry/create-registry';
import { type BridgedType, createBridge } from './bridge';
import { checkTransportOptions } from './check-options';
import { encodeEvent } from './encode-event';
import { readTabMessage, TAB_PROTOCOL_VERSION, type TabEvent, type TabMessage } from './tab-messages';
import { callApp, reportToBus } from './transport-report';
import type { TtlSetOptions } from './ttl-set';

/**
 * Options of {@link connectTabs}.
 *
 * @example
 * connectTabs(bus, { channel: 'shop', types: ['cart/updated', OrderPlaced], registry, onInvalid: (e) => log(e.message) })
 */
export interface TabsOptions<E extends object = EventMap> {
  /** The BroadcastChannel name; tabs of one origin with the same name share events. */
  channel: string;
  /** Event types (string keys or classes) to share; each must be defined in `registry`. */
  types: readonly (StringKey<E> | EventClass)[];
  /** Rebuilds and validates what other tabs send. */
  registry: EventRegistry<E>;
  /** Ask the other tabs for the latest value of sticky types on connect. Default true. */
  syncSticky?: boolean | undefined;
  /** How long `ready` waits for the other tabs' sticky values. Default 150 ms. */
  syncWaitMs?: number | undefined;
  /**
   * Bounds of what the bus remembers of the events that arrived, to deliver each once: one set per
   * bus, for all its connections, sized by the first connection's option. Default 10,000 events, 10 minutes.
   */
  dedupe?: TtlSetOptions | undefined;
  /** Local events that could not be sent (thrown to the publisher: in `PublishReport.errors`). Without it, the bus's `onError` gets them. */
  onError?: ((error: Error) => void) | undefined;
  /** Incoming events that failed to decode or validate; they are never delivered. */
  onInvalid?: ((error: Error, message: unknown) => void) | undefined;
  /** The BroadcastChannel constructor. Default `globalThis.BroadcastChannel`. */
  BroadcastChannel?: (new (name: string) => BroadcastChannelLike) | undefined;
}

/**
 * The part of the BroadcastChannel API connectTabs uses: the browser's, Node's, or a test double.
 * Declared here rather than using the global type, which a Node project without the DOM lib and
 * with older `@types/node` lacks (its `.d.ts` would not type-check there).
 *
 * @example
 * connectTabs(bus, { channel: 'shop', types, registry, BroadcastChannel: InMemoryChannel })
 */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  /** Only `data` is read. */
  // biome-ignore lint/suspicious/noExplicitAny: the DOM's MessageEvent and Node's differ, and a handler typed by either must fit
  onmessage: ((event: any) => void) | null;
  close(): void;
}

/**
 * Stops sharing events when called; `source` is the bus's id on every transport (the `source` of
 * its `connectRemote` connections too), `ready` settles once sticky values were asked for.
 *
 * @example
 * const disconnect = connectTabs(bus, options); await disconnect.ready; window.addEventListener('pagehide', disconnect)
 */
export interface TabsConnection {
  (): void;
  readonly source: string;
  /**
   * Resolves to how many sticky values other tabs supplied: after `syncWaitMs` (under fake timers,
   * once the test advanced their clock that far), at once without `syncSticky`, and on disconnect.
   */
  readonly ready: Promise<number>;
}

/**
 * Shares chosen event types with the other same-origin tabs through a BroadcastChannel. Local
 * handlers run first and synchronously; other tabs receive the event asynchronously, rebuilt and
 * validated by the registry (invalid ones go to `onInvalid` and the bus's inspection, never to
 * handlers). A tab skips its own events, and never re-broadcasts what it received. An event that
 * reaches the bus by several connections (other tabs and a relay) runs its handlers once: every
 * connection of a bus sends under the bus's one `source`, and the bus delivers each event (its
 * source and id) once, within the bounds of `dedupe`.
 * A payload that cannot be structured-cloned throws a TypeError to the publisher, synchronously,
 * as a failing handler does: it goes to `onError` (else the bus's `onError`, as with
 * `connectRemote`), and `publish` also puts it in `PublishReport.errors`.
 * On connect, a tab asks the others for the latest value of sticky types (`bus.last`).
 * Returns the disconnect function. In Node (which has BroadcastChannel too) the open channel keeps
 * the process running, as a socket does, until it is called; in any runtime it keeps the bus alive
 * until then. Once called, the function keeps nothing of the bus (a `pagehide` listener may hold it).
 *
 * @example
 * const bus = createBus<Events>({ sticky: ['cart/updated'] })
 * const disconnect = connectTabs(bus, { channel: 'shop', types: ['cart/updated'], registry })
 * await disconnect.ready // the cart from an already open tab, if any, is now bus.last('cart/updated')
 */
export const connectTabs = <E extends object>(bus: Bus<E>, options: TabsOptions<E>): TabsConnection => {
  if (process.env.NODE_ENV !== 'production') checkTransportOptions('connectTabs', options);
  const { channel: name, types } = options;
  const registry = options.registry as unknown as EventRegistry<never>;
  const BC = options.BroadcastChannel ?? globalThis.BroadcastChannel;
  if (!BC)
    throw new TypeError(
      '[hubbub/tabs] BroadcastChannel is not available here; connectTabs needs a browser (or pass options.BroadcastChannel).',
    );
  const keys = new Map<string, BridgedType>();
  for (const key of types) {
    const type = typeof key === 'string' ? key : eventTypeOf(key);
    if (!registry.has(type))
      throw new TypeError(`[hubbub/tabs] type "${type}" is not in the registry; add registry.define('${type}', ...) before connectTabs().`);
    keys.set(type, key);
  }
  const anyBus = bus as unknown as Bus<never>;
  const channel = new BC(name);
  const latest = new Map<string, number>();
  let closed = false;
  let supplied = 0;

  const post = (message: TabMessage) => channel.postMessage(message);
  const report = (event: 'invalid' | 'send-failed', error: Error, message?: unknown) => {
    reportToBus(anyBus, { kind: 'transport', transport: 'tabs', name, event, message: error.message, error });
    // A failed send is thrown to the publisher, so it reaches onError (else the bus's) as a handler's error.
    if (event === 'send-failed') return;
    if (options.onInvalid) callApp('hubbub/tabs', 'onInvalid', options.onInvalid, error, message);
    else console.error(error);
  };

  const bridge = createBridge(
    anyBus,
    options,
    (type, event, ctx) => {
      let envelope: EventEnvelope;
      try {
        envelope = encodeEvent(registry, type, event, 'hubbub/tabs');
      } catch (error) {
        report('send-failed', error as Error);
        throw error;
      }
      latest.set(type, ctx.timestamp);
      try {
        post({ hubbub: 'tabs', version: TAB_PROTOCOL_VERSION, kind: 'event', source, id: ctx.id, time: ctx.timestamp, envelope });
      } catch (cause) {
        const error = new TypeError(
          `[hubbub/tabs] cannot send "${type}" to other tabs: its data cannot be structured-cloned (${(cause as Error).message}). Send plain data: no functions, DOM nodes, symbols or class instances with private fields.`,
          { cause },
        );
        report('send-failed', error);
        throw error;
      }
    },
    'hubbub/tabs',
    process.env.NODE_ENV !== 'production' ? `the tabs channel "${name}"` : '',
  );
  const { source } = bridge;

  const receive = async (from: string, item: TabEvent, sticky: boolean) => {
    if (!keys.has(item.envelope.type) || !bridge.firstArrival(from, item.id)) return;
    if (sticky && item.time <= (latest.get(item.envelope.type) ?? 0)) return;
    try {
      const decoded = await registry.decode(item.envelope);
      if (closed) return;
      latest.set(item.envelope.type, Math.max(item.time, latest.get(item.envelope.type) ?? 0));
      if (sticky) supplied++;
      bridge.deliver(decoded.key, decoded.event);
    } catch (error) {
      report('invalid', error as Error, item);
    }
  };

  let queue: Promise<void> = Promise.resolve();
  channel.onmessage = (message: { readonly data: unknown }) => {
    const m = readTabMessage(message.data);
    if (m === 'foreign') return;
    if (typeof m === 'string') return report('invalid', new Error(`[hubbub/tabs] ${m}`), message.data);
    if (m.source === source) return;
    if (m.kind === 'event') queue = queue.then(() => receive(m.source, m, false));
    else if (m.kind === 'sticky-reply' && m.to === source)
      for (const item of m.events) queue = queue.then(() => receive(m.source, item, true));
    else if (m.kind === 'sticky-request') {
      const events: TabEvent[] = [];
      for (const type of m.types) {
        const key = keys.get(type);
        const value = key === undefined ? undefined : bus.last(key as never);
        if (value === undefined) continue;
        try {
          events.push({
            id: `sticky:${type}:${latest.get(type) ?? 0}`,
            time: latest.get(type) ?? 0,
            envelope: encodeEvent(registry, type, value, 'hubbub/tabs'),
          });
        } catch {
          // Left out: this value failed to encode when it was emitted, and was reported to its publisher then.
        }
      }
      if (events.length) {
        try {
          post({ hubbub: 'tabs', version: TAB_PROTOCOL_VERSION, kind: 'sticky-reply', source, to: m.source, events });
        } catch {
          // Not sent: a value that cannot be cloned failed its own send when it was emitted, and was reported then.
        }
      }
    }
  };

  const syncSticky = options.syncSticky ?? true;
  if (syncSticky) post({ hubbub: 'tabs', version: TAB_PROTOCOL_VERSION, kind: 'sticky-request', source, types: [...keys.keys()] });
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  let endWait = () => {};
  const ready = new Promise<number>((resolve) => {
    endWait = () => {
      clearTimeout(readyTimer);
      queue.then(() => resolve(supplied));
    };
  });
  // A timer only while replies are awaited: fake timers (or a disconnect) never leave `ready` pending for nothing.
  if (syncSticky) readyTimer = setTimeout(endWait, options.syncWaitMs ?? 150);
  else endWait();

  // Released once called: a disconnect kept after use (a pagehide listener, a field) must not keep the bus.
  const disconnect = releaseOnCall(() => {
    closed = true;
    endWait();
    bridge.close();
    channel.close();
  });
  return Object.assign(disconnect, { source, ready });
};

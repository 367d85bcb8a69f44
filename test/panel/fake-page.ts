import type { PanelTransport, TransportEvent, TransportTarget } from '../../src/devtools/panel/transport/adapter';
import {
  type BatchMessage,
  type EntryOf,
  type InstanceInfo,
  PAGE_SOURCE,
  type PageMessage,
  type PanelMessage,
  PROTOCOL_VERSION,
  type SerializedValue,
  type StreamEntry,
  toWire,
} from '../../src/devtools/protocol';

/**
 * A fake transport standing in for a page: tests push what a page would say, and read what the
 * panel sent back. The panel under test is real; only the page is played.
 */
export const createFakePage = (name = 'shop', options: { allowDispatch?: boolean } = {}) => {
  let listener: ((event: TransportEvent) => void) | undefined;
  const sent: PanelMessage[] = [];
  /** Each message sent with where it went: `{}` for every frame, `{ frameId }` for one. */
  const routed: { message: PanelMessage; target: TransportTarget | undefined }[] = [];
  let sessionId = `session-${name}`;
  let reloads = 0;
  const instanceId = `${name}-1`;
  let seq = 0;
  let eventCounter = 0;
  let base = { source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId, instanceId } as const;
  let info: InstanceInfo = {
    id: instanceId,
    name,
    allowDispatch: options.allowDispatch ?? false,
    url: 'http://shop.test/',
    pageStartedAt: 1_700_000_000_000,
    buffered: 0,
    dropped: 0,
  };

  const transport: PanelTransport = {
    start(l) {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    send(message, target) {
      sent.push(message);
      routed.push({ message, target });
    },
  };
  const deliver = (event: TransportEvent) => {
    if (!listener) throw new Error('The panel has not started its transport.');
    listener(event);
  };
  const say = (message: PageMessage) => deliver({ kind: 'page', message });

  /** Entries for one event: the event, then optional middleware/handler entries, then `dispatched`. */
  const event = (
    eventType: string,
    payload: SerializedValue,
    more: {
      id?: string;
      causationId?: string;
      correlationId?: string;
      depth?: number;
      trace?: EntryOf<'event'>['trace'];
      version?: number;
      middleware?: { name: string; decision: 'passed' | 'transformed' | 'blocked' | 'threw'; value?: SerializedValue }[];
      handlers?: { label: string; duration?: number; error?: { name: string; message: string; stack?: string } }[];
    } = {},
  ): StreamEntry[] => {
    const id = more.id ?? `e${++eventCounter}`;
    const entries: StreamEntry[] = [
      {
        type: 'event',
        seq: ++seq,
        id,
        eventType,
        payload,
        timestamp: 1_700_000_000_000 + seq,
        correlationId: more.correlationId ?? id,
        causationId: more.causationId,
        depth: more.depth ?? 0,
        via: 'publish',
        replayed: false,
        ...(more.trace && { trace: more.trace }),
        ...(more.version !== undefined && { version: more.version }),
      },
    ];
    for (const m of more.middleware ?? []) {
      entries.push({
        type: 'middleware',
        seq: ++seq,
        eventId: id,
        name: m.name,
        decision: m.decision,
        duration: 0.1,
        ...(m.value === undefined ? {} : { value: m.value }),
      });
    }
    const blocked = more.middleware?.find((m) => m.decision === 'blocked');
    const handlers = blocked ? [] : (more.handlers ?? []);
    handlers.forEach((h, i) => {
      entries.push({
        type: 'handler',
        seq: ++seq,
        eventId: id,
        subscriptionId: i + 1,
        label: h.label,
        duration: h.duration ?? 0.5,
        outcome: h.error ? 'error' : 'ok',
        async: false,
        ...(h.error ? { error: h.error } : {}),
      });
    });
    const errorCount = handlers.filter((h) => h.error).length;
    entries.push({
      type: 'dispatched',
      seq: ++seq,
      eventId: id,
      delivered: handlers.length,
      errorCount,
      ...(blocked ? { blockedBy: blocked.name } : {}),
    });
    return entries;
  };

  return {
    transport,
    sent,
    routed,
    get info() {
      return info;
    },
    instanceId,
    /** The link is up (the panel should answer with `connect`). */
    linkUp: () => deliver({ kind: 'status', status: 'connected' }),
    deliver,
    hello: (streaming = true) => say({ ...base, kind: 'hello', instance: { ...info, streaming } }),
    /** The page is left (pagehide): its bus says goodbye. */
    goodbye: () => say({ ...base, kind: 'goodbye' }),
    /** The page reloads: its bus says goodbye (as on pagehide), then a new page session (its stream starts over) says hello. */
    reload: () => {
      say({ ...base, kind: 'goodbye' });
      sessionId = `session-${name}-reload-${++reloads}`;
      base = { ...base, sessionId };
      seq = 0;
      info = { ...info, pageStartedAt: (info.pageStartedAt ?? 0) + 60_000 };
      say({ ...base, kind: 'hello', instance: { ...info, streaming: false } });
    },
    /** `state`: the left-out counts and leak suspects a page adds to a batch when they changed. */
    batch: (entries: readonly StreamEntry[], dropped = 0, state: Pick<BatchMessage, 'leftOut' | 'leaks'> = {}) =>
      say({ ...base, kind: 'batch', entries: JSON.stringify(entries.map(toWire)), count: entries.length, dropped, ...state }),
    snapshot: (subscriptions: Extract<PageMessage, { kind: 'snapshot' }>['subscriptions']) =>
      say({ ...base, kind: 'snapshot', subscriptions }),
    dispatchResult: (requestId: string, ok: boolean) =>
      say(
        ok
          ? { ...base, kind: 'dispatch-result', requestId, ok: true, eventId: 'd1' }
          : { ...base, kind: 'dispatch-result', requestId, ok: false, reason: 'This bus does not allow dispatch.' },
      ),
    event,
    nextSeq: () => ++seq,
  };
};

export type FakePage = ReturnType<typeof createFakePage>;

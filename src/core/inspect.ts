import type { Bus } from './bus-interface';
import { CORE, type Context, type Core, type Probe } from './context';
import { log } from './errors';
import { eventTypeOf } from './event-type';
import type { Sub } from './subscriptions';
import type { EventMap, EventMeta, PublishReport, SubscriptionInfo } from './types';

/**
 * A middleware's decision about one event.
 *
 * @example
 * inspect(bus, (o) => o.kind === 'middleware' && o.decision === 'blocked' && warn(`${o.name} blocked ${o.eventId}`))
 */
export type MiddlewareDecision = 'passed' | 'transformed' | 'blocked' | 'threw';

/**
 * State of one correlation key in a saga.
 *
 * @example
 * inspect(bus, (o) => o.kind === 'saga' && o.status === 'timedOut' && alert(o.saga, o.key))
 */
export type SagaStatus = 'started' | 'progress' | 'duplicate' | 'completed' | 'timedOut' | 'failed';

/**
 * Everything the bus lets an inspector see, as one discriminated union on `kind`.
 * Devtools and `hubbub/testing` are built on it.
 */
export type Observation =
  /** An event entered the bus (before middleware). */
  | { readonly kind: 'event'; readonly via: 'emit' | 'publish'; readonly meta: EventMeta; readonly event: unknown }
  | {
      readonly kind: 'middleware';
      readonly eventId: string;
      readonly name: string;
      readonly decision: MiddlewareDecision;
      /** The replacement value, for `transformed`. */
      readonly value?: unknown;
      /** What it threw, for `threw`. */
      readonly error?: unknown;
      readonly duration: number;
    }
  | { readonly kind: 'handler-start'; readonly eventId: string; readonly subscription: SubscriptionInfo }
  | {
      readonly kind: 'handler-end';
      readonly eventId: string;
      readonly subscription: SubscriptionInfo;
      /** Milliseconds, until the returned promise settled for async handlers. */
      readonly duration: number;
      readonly outcome: 'ok' | 'error';
      readonly error?: unknown;
      readonly async: boolean;
    }
  /** Dispatch finished (async handlers of `emit` may still be running). */
  | { readonly kind: 'dispatched'; readonly report: PublishReport }
  | { readonly kind: 'subscribe'; readonly subscription: SubscriptionInfo }
  | { readonly kind: 'unsubscribe'; readonly subscription: SubscriptionInfo }
  | { readonly kind: 'storm'; readonly error: Error; readonly meta: EventMeta }
  | {
      readonly kind: 'saga';
      readonly saga: string;
      readonly key: string;
      readonly status: SagaStatus;
      /** Event types received so far for this key. */
      readonly received: readonly string[];
      readonly error?: unknown;
    }
  /** A transport (hubbub/tabs, hubbub/remote): refused incoming event, failed send, connection change, resync. */
  | {
      readonly kind: 'transport';
      readonly transport: 'tabs' | 'remote';
      readonly name: string;
      readonly event: 'invalid' | 'send-failed' | 'status' | 'resync';
      readonly message: string;
      readonly error?: unknown;
    };

/**
 * Receives every {@link Observation} of a bus it is attached to with {@link inspect}.
 *
 * @example
 * const detach = inspect(bus, (o) => { if (o.kind === 'handler-end' && o.outcome === 'error') report(o.error) })
 */
export type Inspector = (observation: Observation) => void;

/** A plain snapshot of a context's metadata, safe to keep, spread and serialize. */
export const metaOf = (c: Context): EventMeta => ({
  type: c.type,
  id: c.id,
  timestamp: c.timestamp,
  correlationId: c.correlationId,
  causationId: c.causationId,
  depth: c.depth,
});

/** What inspectors and {@link subscriptionsOf} see of a subscription (made once, then the same object). */
const infos = new WeakMap<Sub, SubscriptionInfo>();
const infoOf = (s: Sub): SubscriptionInfo => {
  let info = infos.get(s);
  if (!info) {
    info = {
      id: s.n,
      type: typeof s.k === 'string' ? s.k : eventTypeOf(s.k),
      isClass: typeof s.k !== 'string',
      label: s.x?.label ?? (s.h.name || 'anonymous'),
      priority: s.p,
      once: !!s.x?.once,
    };
    infos.set(s, info);
  }
  return info;
};

const now = () => performance.now();
const inspectorsOf = new WeakMap<Core, Inspector[]>();

const deliver = (inspectors: readonly Inspector[], observation: Observation) => {
  for (const inspector of inspectors) {
    try {
      inspector(observation);
    } catch (error) {
      log('an inspector failed:', error);
    }
  }
};

/** Turns the core's positional probe (see bus.ts for each kind) into {@link Observation}s for the bus's inspectors. */
const observerFor =
  (inspectors: readonly Inspector[]): Probe =>
  (kind, ctx, a, b, c, d) => {
    const x = ctx as Context;
    let o: Observation;
    if (kind === 0) o = { kind: 'event', via: a ? 'publish' : 'emit', meta: metaOf(x), event: x.e };
    else if (kind === 1) {
      const decision = b as MiddlewareDecision;
      o = {
        kind: 'middleware',
        eventId: x.id,
        name: a as string,
        decision,
        duration: now() - (c as number),
        value: decision === 'transformed' ? d : undefined,
        error: decision === 'threw' ? d : undefined,
      };
    } else if (kind === 2) o = { kind: 'handler-start', eventId: x.id, subscription: infoOf(a as Sub) };
    else if (kind < 5) {
      o = {
        kind: 'handler-end',
        eventId: x.id,
        subscription: infoOf(a as Sub),
        duration: now() - (b as number),
        async: kind === 4,
        outcome: c ? 'error' : 'ok',
        error: d,
      };
    } else if (kind === 5) o = { kind: 'dispatched', report: x.r as PublishReport };
    else if (kind < 8) o = { kind: kind === 6 ? 'subscribe' : 'unsubscribe', subscription: infoOf(a as Sub) };
    else o = { kind: 'storm', error: a as Error, meta: metaOf(x) };
    deliver(inspectors, o);
  };

/**
 * Hands an observation to the bus's inspectors: for helpers (sagas, transports) that report into
 * the same stream as the bus. Does nothing when nothing inspects the bus.
 *
 * @example
 * notify(bus, { kind: 'transport', transport: 'tabs', name: 'shop', event: 'status', message: 'open' })
 */
export const notify = <E extends EventMap>(bus: Bus<E>, observation: Observation): void =>
  deliver(inspectorsOf.get(bus[CORE]) ?? [], observation);

/**
 * Attaches an inspector to a bus: the one place where devtools and tests observe it (events,
 * middleware decisions, handler runs with durations and errors, subscriptions, storms, sagas,
 * transports). Returns the function that detaches it. With no inspector attached, the bus pays
 * nothing for this: inspection lives in this module, not in the bus.
 *
 * @example
 * const detach = inspect(bus, (o) => { if (o.kind === 'middleware' && o.decision === 'blocked') console.warn(o.name, 'blocked', o.eventId) })
 * detach()
 */
export const inspect = <E extends EventMap>(bus: Bus<E>, inspector: Inspector): (() => void) => {
  const core = bus[CORE];
  const change = (list: Inspector[]) => {
    inspectorsOf.set(core, list);
    core.w(list.length ? observerFor(list) : undefined);
  };
  change([...(inspectorsOf.get(core) ?? []), inspector]);
  let attached = true;
  return () => {
    const list = inspectorsOf.get(core) ?? [];
    if (attached) change(list.toSpliced(list.indexOf(inspector), 1));
    attached = false;
  };
};

/**
 * Every active subscription of a bus, per key in run order: what devtools shows and what tests
 * check for leaks.
 *
 * @example
 * expect(subscriptionsOf(bus)).toEqual([]) // after unmount
 */
export const subscriptionsOf = <E extends EventMap>(bus: Bus<E>): SubscriptionInfo[] => bus[CORE].s().map(infoOf);

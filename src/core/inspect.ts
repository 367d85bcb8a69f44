import type { Bus } from './bus-interface';
import type { Context } from './context';
import { observeWithin } from './dispatch';
import { type EventStormError, log } from './errors';
import { eventTypeOf } from './event-type';
import { type BusCore, CORE, type MiddlewareEntry, type Observer } from './internals';
import { notABus } from './not-a-bus';
import type { Subscription } from './subscriptions';
import type { EventMeta, MiddlewareDecision, PublishReport, SubscriptionInfo } from './types';

export type { MiddlewareDecision };

/**
 * State of one correlation key in a saga.
 *
 * @example
 * inspect(bus, (o) => o.kind === 'saga' && o.status === 'timedOut' && console.warn(o.saga, o.key))
 */
export type SagaStatus = 'started' | 'progress' | 'duplicate' | 'completed' | 'timedOut' | 'failed';

/**
 * A middleware's decision about one event, as an inspector sees it.
 *
 * @example
 * inspect(bus, (o) => o.kind === 'middleware' && o.decision === 'blocked' && console.warn(o.name, o.reason))
 */
export interface MiddlewareObservation {
  readonly kind: 'middleware';
  readonly eventId: string;
  readonly name: string;
  readonly decision: MiddlewareDecision;
  /** The replacement value, for `transformed`. */
  readonly value?: unknown;
  /** What it threw, for `threw`. */
  readonly error?: unknown;
  /** The reason given to `ctx.block(reason)`, for `blocked`. */
  readonly reason?: string;
  readonly duration: number;
}

/**
 * Everything the bus lets an inspector see, as one discriminated union on `kind`.
 * Devtools and `hubbub/testing` are built on it.
 *
 * @example
 * inspect(bus, (o: Observation) => { if (o.kind === 'storm') report(o.error.chain) })
 */
export type Observation =
  /** An event entered the bus (before middleware). */
  | { readonly kind: 'event'; readonly via: 'emit' | 'publish'; readonly meta: EventMeta; readonly event: unknown }
  | MiddlewareObservation
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
  /**
   * A dispatch refused past `maxDepth`: each one a running dispatch made, and each one an onError or
   * inspector made in reaction to such a refusal. A reaction to that (deeper still) is refused unobserved.
   * A refused event never entered the bus: it has no `event` observation, only this one.
   */
  | {
      readonly kind: 'storm';
      readonly via: 'emit' | 'publish';
      readonly error: EventStormError;
      readonly meta: EventMeta;
      readonly event: unknown;
    }
  | {
      readonly kind: 'saga';
      readonly saga: string;
      readonly key: string;
      readonly status: SagaStatus;
      /** Event types received so far for this key. */
      readonly received: readonly string[];
      readonly error?: unknown;
      /** Id of the event that moved it (none for a timeout). */
      readonly eventId?: string;
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
export const metaOf = (context: Context): EventMeta => ({
  type: context.type,
  id: context.id,
  timestamp: context.timestamp,
  correlationId: context.correlationId,
  causationId: context.causationId,
  depth: context.depth,
});

/** What inspectors and {@link subscriptionsOf} see of a subscription: made once, then the same object (a memo, not state). */
const infos = new WeakMap<Subscription, SubscriptionInfo>();
const infoOf = (subscription: Subscription): SubscriptionInfo => {
  let info = infos.get(subscription);
  if (!info) {
    const { _key: key, _options: options, _handler: handler } = subscription;
    info = {
      id: subscription._order,
      type: typeof key === 'string' ? key : eventTypeOf(key),
      isClass: typeof key !== 'string',
      label: options?.label ?? (handler.name || 'anonymous'),
      priority: subscription._priority,
      once: subscription._once,
    };
    infos.set(subscription, info);
  }
  return info;
};

const now = () => performance.now();

/**
 * One `inspect()` call. Detaching turns `_attached` off, so dispatches already running, which keep
 * the observer they started with, stop telling it at once too.
 */
export interface Attachment {
  readonly _inspector: Inspector;
  _attached: boolean;
}

/** Hands one observation to each attached inspector; a throwing or rejecting inspector is logged, never passed on. */
const deliver = (attachments: readonly Attachment[], observation: Observation) => {
  // Indexed: for...of here cost about 20 instructions more per observation (it was not optimized away).
  for (let index = 0; index < attachments.length; index++) {
    const attachment = attachments[index] as Attachment;
    if (!attachment._attached) continue;
    try {
      const result: unknown = attachment._inspector(observation);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) => log('an inspector failed:', error));
      }
    } catch (error) {
      log('an inspector failed:', error);
    }
  }
};

/** The core's {@link Observer} while inspectors are attached: turns each moment of a dispatch into an {@link Observation}. */
class InspectorObserver implements Observer {
  constructor(readonly _attachments: readonly Attachment[]) {}

  /** Hands out an observation of no dispatch in particular (a subscribe, an unsubscribe). */
  private _send(observation: Observation) {
    deliver(this._attachments, observation);
  }

  /** Hands out an observation of a moment of `context`'s dispatch: what an inspector dispatches from there is caused by it. */
  private _sendAbout(context: Context, observation: Observation) {
    observeWithin(context, deliver, this._attachments, observation);
  }

  _event(context: Context, awaited: boolean) {
    this._sendAbout(context, { kind: 'event', via: awaited ? 'publish' : 'emit', meta: metaOf(context), event: context._event });
  }

  _middleware(context: Context, entry: MiddlewareEntry, decision: MiddlewareDecision, startedAt: number, outcome: unknown) {
    const observation: { -readonly [K in keyof MiddlewareObservation]: MiddlewareObservation[K] } = {
      kind: 'middleware',
      eventId: context.id,
      name: entry._name,
      decision,
      duration: now() - startedAt,
    };
    if (decision === 'transformed') observation.value = outcome;
    if (decision === 'threw') observation.error = outcome;
    if (decision === 'blocked' && context._blockReason != null) observation.reason = context._blockReason;
    this._sendAbout(context, observation);
  }

  _handlerStart(context: Context, subscription: Subscription) {
    this._sendAbout(context, { kind: 'handler-start', eventId: context.id, subscription: infoOf(subscription) });
  }

  _handlerEnd(context: Context, subscription: Subscription, startedAt: number, async: boolean, failed: boolean, error?: unknown) {
    this._sendAbout(context, {
      kind: 'handler-end',
      eventId: context.id,
      subscription: infoOf(subscription),
      duration: now() - startedAt,
      async,
      outcome: failed ? 'error' : 'ok',
      ...(failed ? { error } : {}),
    });
  }

  _dispatched(context: Context) {
    this._sendAbout(context, { kind: 'dispatched', report: context._report as PublishReport });
  }

  _subscribed(subscription: Subscription) {
    this._send({ kind: 'subscribe', subscription: infoOf(subscription) });
  }

  _unsubscribed(subscription: Subscription) {
    this._send({ kind: 'unsubscribe', subscription: infoOf(subscription) });
  }

  _storm(context: Context, error: EventStormError, awaited: boolean) {
    // What an onError or an inspector dispatches in reaction to a refusal is caused by the refused
    // event, so it is refused in turn, one level deeper. That first reaction's refusal is still
    // observed; deeper ones only throw or are reported, so an inspector that dispatches on every
    // storm it sees cannot loop.
    if (context.depth > context._core._maxDepth + 2) return;
    this._sendAbout(context, { kind: 'storm', via: awaited ? 'publish' : 'emit', error, meta: metaOf(context), event: context._event });
  }
}

/** A bus of another copy of hubbub has no `core` here: nothing of this copy inspects it. */
const attachmentsOf = (core: BusCore | undefined): readonly Attachment[] => core?._observer?._attachments ?? [];

/** Development only (a production build drops it): a TypeError naming `where` for a `bus` that is no bus. */
const checkBus = (where: string, bus: unknown): void => {
  if (!(bus as Partial<Bus> | null | undefined)?.[CORE]) {
    throw new TypeError(`[hubbub] ${where}: bus must be a bus made by createBus(); ${notABus(bus)}.`);
  }
};

/**
 * Hands an observation to the bus's inspectors: for helpers (sagas, transports) that report into
 * the same stream as the bus. Does nothing when nothing inspects the bus.
 *
 * @example
 * notify(bus, { kind: 'transport', transport: 'tabs', name: 'shop', event: 'status', message: 'open' })
 */
export const notify = <E extends object>(bus: Bus<E>, observation: Observation): void => deliver(attachmentsOf(bus[CORE]), observation);

/**
 * Attaches an inspector to a bus: the one place where devtools and tests observe it (events,
 * middleware decisions, handler runs with durations and errors, subscriptions, storms, sagas,
 * transports). Returns the function that detaches it: from then on it is told nothing, not even
 * the rest of a dispatch already running. With no inspector attached, the bus pays nothing for
 * this: inspection lives in this module, not in the bus. One attached while a dispatch runs first
 * sees the next one, so it never gets half a dispatch.
 *
 * Inspectors are called synchronously. One may subscribe, unsubscribe or change middleware: as for
 * a handler, a running dispatch keeps the handlers and middleware it started with (taken before
 * its `event` observation), skipping those removed before their turn. What one emits or publishes
 * while it observes a moment of a dispatch (its event, a middleware decision, a handler's start or
 * end, its end, its refusal) is caused by that dispatch, as an onError's is: depth + 1, so an
 * inspector that emits on every event meets an `EventStormError`, not a stack overflow.
 *
 * @example
 * const detach = inspect(bus, (o) => { if (o.kind === 'middleware' && o.decision === 'blocked') console.warn(o.name, 'blocked', o.eventId) })
 * detach()
 */
export const inspect = <E extends object>(bus: Bus<E>, inspector: Inspector): (() => void) => {
  // process.env itself, not DEV: a bundler's define folds it before tree-shaking, which then drops checkBus too.
  if (process.env.NODE_ENV !== 'production') {
    checkBus('inspect(bus, inspector)', bus);
    // Stored unchecked, it would fail, and be logged, at every observation.
    if (typeof inspector !== 'function') {
      throw new TypeError(`[hubbub] inspect(bus, inspector): inspector must be a function (observation) => void; got ${typeof inspector}.`);
    }
  }
  const core = bus[CORE];
  const change = (attachments: readonly Attachment[]) => {
    core._observer = attachments.length ? new InspectorObserver(attachments) : undefined;
    core._recheck();
  };
  const attachment: Attachment = { _inspector: inspector, _attached: true };
  change([...attachmentsOf(core), attachment]);
  return () => {
    if (!attachment._attached) return;
    attachment._attached = false;
    change(attachmentsOf(core).filter((other) => other !== attachment));
  };
};

/**
 * Every active subscription of a bus, per key in run order: what devtools shows and what tests
 * check for leaks.
 *
 * @example
 * expect(subscriptionsOf(bus)).toEqual([]) // after unmount
 */
export const subscriptionsOf = <E extends object>(bus: Bus<E>): SubscriptionInfo[] => {
  if (process.env.NODE_ENV !== 'production') checkBus('subscriptionsOf(bus)', bus);
  const table = bus[CORE]._subscriptions;
  return ([...Object.values(table._byKey), ...table._byPattern.values(), ...table._byClass.values()].flat() as Subscription[]).map(infoOf);
};

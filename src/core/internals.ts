import type { Context } from './context';
import type { EventStormError } from './errors';
import type { Attachment } from './inspect';
import type { Subscription, SubscriptionTable } from './subscriptions';
import type { EventClass, HandlerContext, MiddlewareDecision } from './types';

/** The door from a bus to its internals (for `inspect()`, sagas, transports and devtools; not public API). */
export const CORE: unique symbol = Symbol('hubbub');

/** One middleware as the bus keeps it. `active` turns false when removed, so a running dispatch skips it. */
export interface MiddlewareEntry {
  readonly _middleware: (event: unknown, ctx: Context) => unknown;
  readonly _name: string;
  _active: boolean;
  /** Development only: it was told once that returning undefined blocks. */
  _warnedReturnedNothing?: boolean;
}

/**
 * What the engine tells an attached observer (installed by `inspect()`): one method per moment of
 * a dispatch. `startedAt` is `performance.now()` when the step began.
 */
export interface Observer {
  /** The inspectors it serves, as attached (`notify` hands them observations directly). */
  readonly _attachments: readonly Attachment[];
  /** A dispatch started, through `publish` (`awaited`) or `emit`. */
  _event(context: Context, awaited: boolean): void;
  _middleware(context: Context, entry: MiddlewareEntry, decision: MiddlewareDecision, startedAt: number, outcome: unknown): void;
  _handlerStart(context: Context, subscription: Subscription): void;
  _handlerEnd(context: Context, subscription: Subscription, startedAt: number, async: boolean, failed: boolean, error?: unknown): void;
  _dispatched(context: Context): void;
  _subscribed(subscription: Subscription): void;
  _unsubscribed(subscription: Subscription): void;
  _storm(context: Context, error: EventStormError, awaited: boolean): void;
}

/** A bus's internals, behind the symbol {@link CORE}. */
export interface BusCore {
  readonly _id: string;
  readonly _maxDepth: number;
  readonly _onError: (error: unknown, event: unknown, ctx: HandlerContext<never>) => unknown;
  readonly _subscriptions: SubscriptionTable;
  /** Replaced on every change, never edited in place: a running dispatch keeps the list it started with. */
  _middleware: readonly MiddlewareEntry[];
  _observer: Observer | undefined;
  /** Nothing but handlers to run for a root emit or publish to a string key: no middleware, observer or sticky key. */
  _handlersOnly: boolean;
  /**
   * The root emit or publish the hot path is running on this bus: its key, and its number once it
   * has one (a publish's at once, for its report; an emit's when a context is first made for it,
   * 0 until then). Every context made for it shares that number. Only a root dispatch uses them,
   * and only while it runs synchronously, so two never overlap on one bus.
   */
  _hotKey: string;
  _hotSequence: number;
  /** Contexts made so far: the number in each event id. */
  _dispatchCount: number;
  /** Keeps the last delivered event of sticky keys (a no-op without `sticky`). */
  readonly _remember: ((key: string | EventClass, event: unknown) => void) | undefined;
  /**
   * What every bridge of the bus (`hubbub/tabs`, `hubbub/remote`) shares, made by the first one
   * (see `src/tabs/bridge.ts`).
   */
  _bridges?: {
    /** The bus's `source` on every transport: with an event's id, the event's origin. */
    readonly _source: string;
    /** What proves `_source` to relays (`hubbub/remote`). */
    readonly _secret: string;
    /** Ids of the dispatches bridges started for events that came from elsewhere: none is sent out again. */
    readonly _arrivedIds: Set<string>;
    /** The origins (`source` and id) of the events that came from elsewhere, bounded: each is delivered once. */
    readonly _delivered: { add(key: string): boolean; readonly size: number };
  };
  /** Recomputes {@link handlersOnly} after a change of middleware or observer. */
  readonly _recheck: () => void;
}

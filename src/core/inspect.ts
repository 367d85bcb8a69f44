import type { EventMeta, PublishReport, SubscriptionInfo } from './types';

/**
 * A middleware's decision about one event.
 *
 * @example
 * bus.inspect((o) => o.kind === 'middleware' && o.decision === 'blocked' && warn(`${o.name} blocked ${o.eventId}`))
 */
export type MiddlewareDecision = 'passed' | 'transformed' | 'blocked' | 'threw';

/**
 * State of one correlation key in a saga.
 *
 * @example
 * bus.inspect((o) => o.kind === 'saga' && o.status === 'timedOut' && alert(o.saga, o.key))
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
 * Receives every {@link Observation} of a bus it is attached to with `bus.inspect()`.
 *
 * @example
 * const detach = bus.inspect((o) => { if (o.kind === 'handler-end' && o.outcome === 'error') report(o.error) })
 */
export type Inspector = (observation: Observation) => void;

/** Internal door for core helpers (sagas) that report into a bus's inspection stream. */
export const NOTIFY: unique symbol = Symbol('hubbub.notify');

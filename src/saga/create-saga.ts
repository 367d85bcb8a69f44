import { argumentError, checkTimeout } from '../async/arguments';
import type { Bus } from '../core/bus';
import { eventTypeOf } from '../core/event-type';
import { notify, type SagaStatus } from '../core/inspect';
import type { EventClass, EventMap, HandlerContext, StringKey } from '../core/types';

/**
 * One step of a saga: a string key of the bus's events, or an event class.
 *
 * @example
 * const steps: SagaStep<Events>[] = ['payment/processed', InventoryReserved]
 */
export type SagaStep<E> = StringKey<E> | EventClass;

/**
 * The event type a step receives.
 *
 * @example
 * type Paid = StepEvent<Events, 'payment/processed'> // Events['payment/processed']
 */
export type StepEvent<E, S> = S extends EventClass<infer T> ? T : S extends StringKey<E> ? E[S] : never;

/**
 * The events a saga collected, in step order.
 *
 * @example
 * complete: ([payment, inventory]: SagaEvents<Events, typeof steps>) => start(payment, inventory)
 */
export type SagaEvents<E, Steps extends readonly unknown[]> = { -readonly [I in keyof Steps]: StepEvent<E, Steps[I]> };

/**
 * Options of {@link createSaga}.
 *
 * @example
 * createSaga(bus, { name: 'fulfillment', steps, correlate: (e) => e.orderId, complete, timeout: 30_000, onTimeout })
 */
export interface SagaOptions<E extends EventMap, Steps extends readonly SagaStep<E>[]> {
  /** Shown in devtools and in `pending()`. */
  name: string;
  /** The events to join; each must arrive once per correlation key, in any order. */
  steps: Steps;
  /** The correlation key of an event (e.g. its order id); `undefined` ignores the event. */
  correlate: (event: StepEvent<E, Steps[number]>, ctx: HandlerContext<E>) => string | undefined;
  /**
   * Runs once every step arrived for a key, with the events in step order and the context of the
   * last one (so what it publishes records that event as its cause). Awaited; a failure is
   * reported as that handler's error.
   */
  complete: (events: SagaEvents<E, Steps>, ctx: HandlerContext<E>) => unknown;
  /**
   * Milliseconds (0 to 2147483647) from a key's first event until it gives up. Default: no
   * timeout. A timed-out key is forgotten at once: its next event starts a new attempt (a retry).
   */
  timeout?: number;
  /** Runs when a key timed out, with what arrived (missing steps are undefined). */
  onTimeout?: (events: Partial<SagaEvents<E, Steps>>, key: string) => unknown;
  /**
   * Milliseconds after a key completed during which its events are ignored as duplicates (a
   * redelivery, a double click), each reported to inspectors with status `'duplicate'`. After it,
   * the key's next event starts a new attempt. Default 5000; `0` turns it off. Only the 1000 keys
   * completed last are remembered, so memory stays bounded.
   */
  duplicateWindow?: number;
}

/**
 * A key the saga is still waiting on.
 *
 * @example
 * saga.pending().filter((p) => p.missing.includes('InventoryReserved'))
 */
export interface PendingSaga {
  readonly key: string;
  /** Event types received so far. */
  readonly received: readonly string[];
  /** Event types still missing. */
  readonly missing: readonly string[];
  readonly startedAt: number;
  /** When it times out (ms since epoch), if it has a timeout. */
  readonly deadline: number | undefined;
}

/**
 * A running saga.
 *
 * @example
 * const saga = createSaga(bus, options); saga.pending(); saga.dispose()
 */
export interface Saga {
  readonly name: string;
  /** The keys in progress. */
  pending(): PendingSaga[];
  /** Unsubscribes, cancels timers and forgets every pending key. */
  dispose(): void;
}

interface Instance {
  readonly events: unknown[];
  readonly got: boolean[];
  readonly startedAt: number;
  readonly deadline: number | undefined;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
}

const DEFAULT_DUPLICATE_WINDOW_MS = 5000;
/** Most completed keys remembered for {@link SagaOptions.duplicateWindow}. */
const COMPLETED_LIMIT = 1000;

/** Throws a TypeError naming the first option createSaga cannot work with. */
const checkOptions = (options: Partial<Record<keyof SagaOptions<EventMap, []>, unknown>>): void => {
  const { name, steps, correlate, complete, timeout, onTimeout, duplicateWindow } = options;
  const where = `createSaga("${String(name)}")`;
  const refuse: (option: string, accepted: string, value: unknown) => never = (option, accepted, value) => {
    throw argumentError(where, option, accepted, value);
  };
  if (typeof name !== 'string') refuse('name', 'a string', name);
  if (!Array.isArray(steps) || !steps.length || !steps.every((step) => typeof step === 'string' || typeof step === 'function')) {
    refuse('steps', 'a non-empty array of event keys and event classes', steps);
  }
  // One event type in two steps would complete a key with a single event.
  if (new Set(steps).size !== steps.length) refuse('steps', 'distinct event keys and classes', steps);
  if (typeof correlate !== 'function') refuse('correlate', 'a function returning the correlation key of an event', correlate);
  if (typeof complete !== 'function') refuse('complete', 'a function', complete);
  if (onTimeout !== undefined && typeof onTimeout !== 'function') refuse('onTimeout', 'a function, or undefined', onTimeout);
  checkTimeout(where, timeout);
  if (duplicateWindow !== undefined && !(typeof duplicateWindow === 'number' && duplicateWindow >= 0)) {
    refuse('duplicateWindow', 'a number of ms >= 0 (0: off), or undefined for 5000', duplicateWindow);
  }
};

/**
 * Joins events of several types that share a correlation key, in any order, then completes:
 * the seed's FulfillmentSaga. A step's duplicates are ignored while the key is pending and for
 * `duplicateWindow` ms (default 5 s) after it completed, each reported to inspectors as
 * `'duplicate'`; after that window, or after a timeout, the key's next event starts a new
 * attempt. A timeout has its own outcome; state is removed on completion and timeout. Options it
 * cannot work with (no steps, no `correlate`, a `timeout` of NaN...) throw a TypeError.
 *
 * @example
 * createSaga(bus, {
 *   name: 'fulfillment',
 *   steps: [PaymentProcessed, InventoryReserved] as const,
 *   correlate: (e) => e.orderId,
 *   complete: ([payment], ctx) => ctx.publish(new OrderFulfillmentStarted(payment.orderId)),
 *   timeout: 30_000,
 *   onTimeout: (got, orderId) => bus.emit(new OrderCancelled(orderId, 'payment timed out')),
 * })
 */
export const createSaga = <E extends EventMap, const Steps extends readonly SagaStep<E>[]>(
  bus: Bus<E>,
  options: SagaOptions<E, Steps>,
): Saga => {
  checkOptions(options);
  const { name, steps, correlate, complete, timeout, onTimeout, duplicateWindow = DEFAULT_DUPLICATE_WINDOW_MS } = options;
  const types = steps.map((s) => (typeof s === 'string' ? s : eventTypeOf(s)));
  const live = new Map<string, Instance>();
  /** When each key completed (ms since epoch), oldest first: its steps are duplicates until `duplicateWindow` passed. */
  const completedAt = new Map<string, number>();

  const received = (inst: Instance) => types.filter((_, i) => inst.got[i]);
  /** Tells inspectors (devtools) how the key's state changed, and which event moved it. */
  const report = (key: string, status: SagaStatus, inst: Instance | undefined, movedBy: string | undefined, error?: unknown) =>
    notify(bus, {
      kind: 'saga',
      saga: name,
      key,
      status,
      // No instance: the key completed, so every step was received.
      received: inst ? received(inst) : types,
      ...(movedBy === undefined ? {} : { eventId: movedBy }),
      ...(error === undefined ? {} : { error }),
    });
  const completedRecently = (key: string): boolean => {
    const now = Date.now();
    // In completion order, so the expired ones are at the front.
    for (const [oldKey, at] of completedAt) {
      if (now - at < duplicateWindow) break;
      completedAt.delete(oldKey);
    }
    return completedAt.has(key);
  };
  const finish = (key: string, inst: Instance, completed: boolean) => {
    if (inst.timer !== undefined) clearTimeout(inst.timer);
    live.delete(key);
    if (!completed) return;
    completedAt.delete(key);
    completedAt.set(key, Date.now());
    if (completedAt.size > COMPLETED_LIMIT) completedAt.delete(completedAt.keys().next().value as string);
  };

  const start = (key: string): Instance => {
    const startedAt = Date.now();
    const timer =
      timeout === undefined
        ? undefined
        : setTimeout(() => {
            const inst = live.get(key);
            if (!inst) return;
            finish(key, inst, false);
            report(key, 'timedOut', inst, undefined);
            const failed = (error: unknown) => {
              report(key, 'failed', inst, undefined, error);
              console.error(`[hubbub] saga "${name}": onTimeout for "${key}" failed:`, error);
            };
            try {
              const result = onTimeout?.(inst.events as Partial<SagaEvents<E, Steps>>, key);
              if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') Promise.resolve(result).catch(failed);
            } catch (error) {
              failed(error);
            }
          }, timeout);
    const inst: Instance = {
      events: steps.map(() => undefined),
      got: steps.map(() => false),
      startedAt,
      deadline: timeout === undefined ? undefined : startedAt + timeout,
      timer,
    };
    live.set(key, inst);
    return inst;
  };

  const offs = steps.map((step, index) =>
    bus.subscribe(
      step as never,
      async (event: unknown, ctx: HandlerContext<E>) => {
        const key = correlate(event as StepEvent<E, Steps[number]>, ctx);
        if (key === undefined) return;
        if (!live.has(key) && completedRecently(key)) {
          report(key, 'duplicate', undefined, ctx.id);
          return;
        }
        const inst = live.get(key) ?? start(key);
        if (inst.got[index]) {
          report(key, 'duplicate', inst, ctx.id);
          return;
        }
        inst.got[index] = true;
        inst.events[index] = event;
        if (!inst.got.every(Boolean)) {
          report(key, inst.got.filter(Boolean).length === 1 ? 'started' : 'progress', inst, ctx.id);
          return;
        }
        finish(key, inst, true);
        try {
          await complete(inst.events as SagaEvents<E, Steps>, ctx);
        } catch (error) {
          report(key, 'failed', inst, ctx.id, error);
          throw error;
        }
        report(key, 'completed', inst, ctx.id);
      },
      { label: `saga ${name}: ${types[index]}` },
    ),
  );

  return {
    name,
    pending: () =>
      [...live].map(([key, inst]) => ({
        key,
        received: received(inst),
        missing: types.filter((_, i) => !inst.got[i]),
        startedAt: inst.startedAt,
        deadline: inst.deadline,
      })),
    dispose() {
      for (const off of offs) off();
      for (const inst of live.values()) if (inst.timer !== undefined) clearTimeout(inst.timer);
      live.clear();
      completedAt.clear();
    },
  };
};

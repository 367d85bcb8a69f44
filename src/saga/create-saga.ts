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
  /** Milliseconds from a key's first event until it gives up. Default: no timeout. */
  timeout?: number;
  /** Runs when a key timed out, with what arrived (missing steps are undefined). */
  onTimeout?: (events: Partial<SagaEvents<E, Steps>>, key: string) => unknown;
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

const RECENT_LIMIT = 1000;

/**
 * Joins events of several types that share a correlation key, in any order, then completes:
 * the seed's FulfillmentSaga. Duplicates of a step (while pending, or shortly after completion)
 * are ignored; a timeout has its own outcome; state is removed on completion and timeout.
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
  const { name, steps, correlate, complete, timeout, onTimeout } = options;
  const types = steps.map((s) => (typeof s === 'string' ? s : eventTypeOf(s)));
  const live = new Map<string, Instance>();
  /** Keys that completed or timed out recently, so late duplicates do not start a new instance. */
  const recent = new Set<string>();

  const received = (inst: Instance) => types.filter((_, i) => inst.got[i]);
  /** Tells inspectors (devtools) how the key's state changed, and which event moved it. */
  const report = (key: string, status: SagaStatus, inst: Instance, movedBy: string | undefined, error?: unknown) =>
    notify(bus, {
      kind: 'saga',
      saga: name,
      key,
      status,
      received: received(inst),
      ...(movedBy === undefined ? {} : { eventId: movedBy }),
      ...(error === undefined ? {} : { error }),
    });
  const finish = (key: string, inst: Instance) => {
    if (inst.timer !== undefined) clearTimeout(inst.timer);
    live.delete(key);
    recent.add(key);
    if (recent.size > RECENT_LIMIT) recent.delete(recent.values().next().value as string);
  };

  const start = (key: string): Instance => {
    const startedAt = Date.now();
    const timer =
      timeout === undefined
        ? undefined
        : setTimeout(() => {
            const inst = live.get(key);
            if (!inst) return;
            finish(key, inst);
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
        if (key === undefined || recent.has(key)) return;
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
        finish(key, inst);
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
      recent.clear();
    },
  };
};

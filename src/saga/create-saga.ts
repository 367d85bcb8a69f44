import { argumentError, checkTimeout } from '../async/arguments';
import type { Bus } from '../core/bus';
import { DEV } from '../core/dev';
import { ancestors, eventTypeOf } from '../core/event-type';
import { notify, type SagaStatus } from '../core/inspect';
import { CHECKED_WHERE_USED, checkOptionRules, type OptionRule } from '../core/options-check';
import type { EventClass, EventMap, HandlerContext, StringKey } from '../core/types';
import { isWildcardKey } from '../core/wildcard-key';
import { clip } from '../registry/text';

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
export interface SagaOptions<E extends object, Steps extends readonly SagaStep<E>[]> {
  /** Shown in devtools and in `pending()`. */
  name: string;
  /** The events to join; each must arrive once per correlation key, in any order. */
  steps: Steps;
  /**
   * The correlation key of an event (e.g. its order id); `undefined` ignores the event. Anything
   * else that is not a string (a number, null, an object) fails that step's handler with a
   * TypeError: convert ids with `String(id)`.
   */
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
   *
   * Each pending key's deadline is a `setTimeout`: fake timers drive it (`vi.advanceTimersByTime`),
   * and in Node it keeps the process running until it fires, as any pending `setTimeout` does, so
   * that `onTimeout` compensates even in a script with nothing else left to do (an exit would drop
   * the compensation without a word). Call `dispose()` to let the process exit sooner, without it.
   * Completed keys and sagas without a timeout keep no timer.
   */
  timeout?: number | undefined;
  /**
   * Runs when a key gave up: its `timeout` passed, or `maxPending` pushed it out. Gets what arrived
   * (missing steps are undefined), so it can compensate (cancel the order...), and the context of
   * the last step received: what it publishes through `ctx` belongs to that step's chain (its
   * correlation, in devtools and audit logs), as a timer cannot know it.
   */
  onTimeout?: ((events: Partial<SagaEvents<E, Steps>>, key: string, ctx: HandlerContext<E>) => unknown) | undefined;
  /**
   * Milliseconds after a key completed during which its events are ignored as duplicates (a
   * redelivery, a double click), each reported to inspectors with status `'duplicate'`. After it,
   * the key's next event starts a new attempt. Default 5000; `0` turns it off. Only the 1000 keys
   * completed last are remembered, so memory stays bounded. A key whose `complete` threw or
   * rejected is not completed: its events start a new attempt at once.
   */
  duplicateWindow?: number | undefined;
  /**
   * Most keys pending at once. Default 10,000. One more gives up the oldest, as a timeout would:
   * inspectors see it `'failed'` with a RangeError, `onTimeout` runs, and the first time a warning
   * is logged. Set a `timeout` so abandoned keys leave earlier, or raise this if that many are
   * legitimately open.
   */
  maxPending?: number | undefined;
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
  /**
   * Unsubscribes, cancels timers (so a Node process no longer waits for them) and forgets every
   * pending key, without `onTimeout`. From then on the saga keeps neither the bus nor its options.
   */
  dispose(): void;
}

interface Instance {
  readonly events: unknown[];
  readonly got: boolean[];
  readonly startedAt: number;
  readonly deadline: number | undefined;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
  /** The context of the last step received: what `onTimeout` dispatches is caused by it. */
  lastContext: HandlerContext<never> | undefined;
}

const DEFAULT_DUPLICATE_WINDOW_MS = 5000;
/** Most keys pending at once unless {@link SagaOptions.maxPending} says otherwise. */
const DEFAULT_MAX_PENDING = 10_000;
/** Most completed keys remembered for {@link SagaOptions.duplicateWindow}. */
const COMPLETED_LIMIT = 1000;
/** A correlation key in a message, bounded and escaped: keys may come from another tab's or a server's events. */
const quotedKey = (key: string): string => `"${clip(key)}"`;

/** Whether `step` is a class that extends another class among `steps`. */
const extendsAnother = (step: unknown, steps: readonly unknown[]): boolean =>
  typeof step === 'function' && ancestors(step as EventClass).some((ancestor) => ancestor !== step && steps.includes(ancestor));

/** Throws a TypeError naming the first argument or option createSaga cannot work with. */
const checkArguments = (bus: unknown, options: unknown): void => {
  const fields = (options ?? {}) as Partial<Record<keyof SagaOptions<EventMap, []>, unknown>>;
  const { name, steps, correlate, complete, timeout, onTimeout, duplicateWindow, maxPending } = fields;
  const where = `createSaga("${String(name)}")`;
  const refuse: (option: string, accepted: string, value: unknown) => never = (option, accepted, value) => {
    throw argumentError(where, option, accepted, value);
  };
  if (typeof options !== 'object' || options === null) refuse('options', 'an object', options);
  if (typeof (bus as Partial<Bus> | null | undefined)?.subscribe !== 'function') refuse('bus', 'a bus made by createBus()', bus);
  if (typeof name !== 'string') refuse('name', 'a string', name);
  if (!Array.isArray(steps) || !steps.length || !steps.every((step) => typeof step === 'string' || typeof step === 'function')) {
    refuse('steps', 'a non-empty array of event keys and event classes', steps);
  }
  // A step receiving every event of another (the same type, '*', a pattern, an ancestor class)
  // would fill both with a single event and complete a key on it.
  if (new Set(steps).size !== steps.length) refuse('steps', 'distinct event keys and classes', steps);
  const wide = steps.find((step) => typeof step === 'string' && isWildcardKey(step));
  if (wide !== undefined) refuse('steps', "event keys and classes, not '*' or patterns", wide);
  const subclass = steps.find((step) => extendsAnother(step, steps));
  if (subclass !== undefined) {
    refuse('steps', 'free of a class and its subclass (one event would fill both steps)', eventTypeOf(subclass as EventClass));
  }
  if (typeof correlate !== 'function') refuse('correlate', 'a function returning the correlation key of an event', correlate);
  if (typeof complete !== 'function') refuse('complete', 'a function', complete);
  if (onTimeout !== undefined && typeof onTimeout !== 'function') refuse('onTimeout', 'a function, or undefined', onTimeout);
  checkTimeout(where, timeout);
  if (duplicateWindow !== undefined && !(typeof duplicateWindow === 'number' && duplicateWindow >= 0)) {
    refuse('duplicateWindow', 'a number of ms >= 0 (0: off), or undefined for 5000', duplicateWindow);
  }
  if (
    maxPending !== undefined &&
    !(typeof maxPending === 'number' && maxPending >= 1 && (Number.isInteger(maxPending) || maxPending === Infinity))
  ) {
    refuse('maxPending', `a whole number >= 1 (or Infinity), or undefined for ${DEFAULT_MAX_PENDING}`, maxPending);
  }
  // Development only: a misspelled option (`timout`) is named, not ignored: the saga would never time out.
  if (process.env.NODE_ENV !== 'production')
    checkOptionRules(`[hubbub] ${where}`, SAGA_OPTIONS, options, '{ name, steps, correlate, complete }');
};

/** Every option by name, each checked above: the table only names the known ones (see `core/options-check.ts`). */
const SAGA_OPTIONS: Readonly<Record<keyof SagaOptions<EventMap, []>, OptionRule>> = {
  name: CHECKED_WHERE_USED,
  steps: CHECKED_WHERE_USED,
  correlate: CHECKED_WHERE_USED,
  complete: CHECKED_WHERE_USED,
  timeout: CHECKED_WHERE_USED,
  onTimeout: CHECKED_WHERE_USED,
  duplicateWindow: CHECKED_WHERE_USED,
  maxPending: CHECKED_WHERE_USED,
};

/**
 * Joins events of several types that share a correlation key, in any order, then completes:
 * the seed's FulfillmentSaga. A step's duplicates are ignored while the key is pending and for
 * `duplicateWindow` ms (default 5 s) after it completed, each reported to inspectors as
 * `'duplicate'`; after that window, or after a timeout, the key's next event starts a new
 * attempt. A timeout has its own outcome; state is removed on completion and timeout, and at most
 * `maxPending` keys (default 10,000) wait at once, the oldest giving up first. Options it cannot
 * work with (no steps, no `correlate`, a `timeout` of NaN, two steps one event would fill...) throw
 * a TypeError; a correlation key that is neither a string nor undefined fails that step's handler
 * with one.
 *
 * @example
 * createSaga(bus, {
 *   name: 'fulfillment',
 *   steps: [PaymentProcessed, InventoryReserved] as const,
 *   correlate: (e) => e.orderId,
 *   complete: ([payment], ctx) => ctx.publish(new OrderFulfillmentStarted(payment.orderId)),
 *   timeout: 30_000,
 *   onTimeout: (got, orderId, ctx) => ctx.publish(new OrderCancelled(orderId, 'payment timed out')),
 * })
 */
export const createSaga = <E extends object, const Steps extends readonly SagaStep<E>[]>(
  bus: Bus<E>,
  options: SagaOptions<E, Steps>,
): Saga => {
  checkArguments(bus, options);
  const {
    name,
    steps,
    correlate,
    complete,
    timeout,
    onTimeout,
    duplicateWindow = DEFAULT_DUPLICATE_WINDOW_MS,
    maxPending = DEFAULT_MAX_PENDING,
  } = options;
  const where = `createSaga("${name}")`;
  const types = steps.map((step) => (typeof step === 'string' ? step : eventTypeOf(step)));
  /** The keys in progress, oldest first (the first to give up past `maxPending`). */
  const live = new Map<string, Instance>();
  /** When each key completed (ms since epoch), oldest first: its steps are duplicates until `duplicateWindow` passed. */
  const completedAt = new Map<string, number>();
  let warnedFull = false;

  const received = (instance: Instance) => types.filter((_, index) => instance.got[index]);
  /** Tells inspectors (devtools) how the key's state changed, and which event moved it. */
  const report = (key: string, status: SagaStatus, instance: Instance | undefined, movedBy: string | undefined, error?: unknown) =>
    notify(bus, {
      kind: 'saga',
      saga: name,
      key,
      status,
      // No instance: the key completed, so every step was received.
      received: instance ? received(instance) : types,
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
  const finish = (key: string, instance: Instance, completed: boolean) => {
    if (instance.timer !== undefined) clearTimeout(instance.timer);
    live.delete(key);
    if (!completed) return;
    completedAt.delete(key);
    completedAt.set(key, Date.now());
    if (completedAt.size > COMPLETED_LIMIT) completedAt.delete(completedAt.keys().next().value as string);
  };

  /** Lets `onTimeout` compensate for a key that gave up (already forgotten and reported); its failure is reported and logged. */
  const giveUp = (key: string, instance: Instance) => {
    const failed = (error: unknown) => {
      report(key, 'failed', instance, undefined, error);
      console.error(`[hubbub] saga "${name}": onTimeout for ${quotedKey(key)} failed:`, error);
    };
    try {
      const result = onTimeout?.(instance.events as Partial<SagaEvents<E, Steps>>, key, instance.lastContext as HandlerContext<E>);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') Promise.resolve(result).catch(failed);
    } catch (error) {
      failed(error);
    }
  };

  /**
   * Past `maxPending`, the oldest key gives up: without a timeout, abandoned keys would pile up
   * forever. Called once the new key's event is recorded, so an `onTimeout` that dispatches (even
   * that key's events) finds consistent state; one eviction per new key, and what its dispatches
   * start evicts in turn, one level deeper, so a retrying `onTimeout` is storm-limited, not a loop.
   */
  const makeRoom = () => {
    if (live.size <= maxPending) return;
    const [oldestKey, oldest] = live.entries().next().value as [string, Instance];
    finish(oldestKey, oldest, false);
    const message = `[hubbub] saga "${name}": more than ${maxPending} keys pending; gave up the oldest, ${quotedKey(oldestKey)} (set a timeout, or raise maxPending)`;
    if (!warnedFull) {
      warnedFull = true;
      console.warn(message);
    }
    report(oldestKey, 'failed', oldest, undefined, new RangeError(message));
    giveUp(oldestKey, oldest);
  };

  const start = (key: string): Instance => {
    const startedAt = Date.now();
    const timer =
      timeout === undefined
        ? undefined
        : setTimeout(() => {
            const instance = live.get(key);
            if (!instance) return;
            finish(key, instance, false);
            report(key, 'timedOut', instance, undefined);
            giveUp(key, instance);
          }, timeout);
    const instance: Instance = {
      events: steps.map(() => undefined),
      got: steps.map(() => false),
      startedAt,
      deadline: timeout === undefined ? undefined : startedAt + timeout,
      timer,
      lastContext: undefined,
    };
    live.set(key, instance);
    return instance;
  };

  /** The event's correlation key; a TypeError (that step's handler failure) for anything but a string or undefined. */
  const keyOf = (event: unknown, ctx: HandlerContext<E>, index: number): string | undefined => {
    const key: unknown = correlate(event as StepEvent<E, Steps[number]>, ctx);
    // Map keys compare by identity: an object (or a number beside its string) would never meet its other steps.
    if (key !== undefined && typeof key !== 'string') {
      throw argumentError(
        where,
        `correlate(${types[index]})'s result`,
        DEV ? 'a string, or undefined to ignore the event (convert ids with String(id))' : '',
        key,
      );
    }
    return key;
  };

  const unsubscribers = steps.map((step, index) =>
    bus.subscribe(
      step as never,
      async (event: unknown, ctx: HandlerContext<E>) => {
        const key = keyOf(event, ctx, index);
        if (key === undefined) return;
        if (!live.has(key) && completedRecently(key)) {
          report(key, 'duplicate', undefined, ctx.id);
          return;
        }
        const instance = live.get(key) ?? start(key);
        if (instance.got[index]) {
          report(key, 'duplicate', instance, ctx.id);
          return;
        }
        instance.got[index] = true;
        instance.events[index] = event;
        instance.lastContext = ctx as HandlerContext<never>;
        if (!instance.got.every(Boolean)) {
          report(key, instance.got.filter(Boolean).length === 1 ? 'started' : 'progress', instance, ctx.id);
          makeRoom();
          return;
        }
        finish(key, instance, true);
        try {
          await complete(instance.events as SagaEvents<E, Steps>, ctx);
        } catch (error) {
          // A failed completion is no completion: the key's steps, sent again, start a new attempt (a retry).
          completedAt.delete(key);
          report(key, 'failed', instance, ctx.id, error);
          throw error;
        }
        report(key, 'completed', instance, ctx.id);
      },
      { label: `saga ${name}: ${types[index]}` },
    ),
  );

  return handleOf(
    name,
    () =>
      [...live].map(([key, instance]) => ({
        key,
        received: received(instance),
        missing: types.filter((_, index) => !instance.got[index]),
        startedAt: instance.startedAt,
        deadline: instance.deadline,
      })),
    () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const instance of live.values()) if (instance.timer !== undefined) clearTimeout(instance.timer);
      live.clear();
      completedAt.clear();
    },
  );
};

/**
 * The {@link Saga} a caller holds. Made apart from createSaga, whose closures all share one scope
 * (the bus, the options, every pending key): once disposed, the handle lets go of it, so a saga
 * kept after `dispose()` (in a field, a test's variable) keeps neither the bus nor its handlers.
 */
const handleOf = (name: string, listPending: () => PendingSaga[], stop: () => void): Saga => {
  let running: { readonly listPending: () => PendingSaga[]; readonly stop: () => void } | undefined = { listPending, stop };
  return {
    name,
    pending: () => running?.listPending() ?? [],
    dispose() {
      const stopping = running;
      running = undefined;
      stopping?.stop();
    },
  };
};

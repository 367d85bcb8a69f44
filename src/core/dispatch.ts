import { Context, chainOf, eventIdOf, newReport, type Report } from './context';
import { DEV } from './dev';
import { EMPTY } from './empty';
import { EventStormError, log } from './errors';
import { classOf } from './event-type';
import type { BusCore, MiddlewareEntry } from './internals';
import type { Subscription } from './subscriptions';
import type { EventClass, MiddlewareDecision, PublishReport } from './types';

/**
 * The one dispatch engine. `emit`, `publish`, `ctx.emit`/`ctx.publish` and the inspected path all
 * come here; they only choose whether to await each step (`awaitEach`) and what the parent is.
 *
 * The rules, each in one place:
 * - snapshot: a dispatch reads its handler route and middleware list when it starts and holds
 *   them until it ends (`_iterating`: a change meanwhile copies a subscription list; the
 *   middleware list is always replaced), so what it iterates never shifts under it; one removed
 *   before its turn is skipped by its `_active` flag ({@link isDue}, {@link runMiddleware});
 * - `once` unsubscribes just before the call ({@link isDue});
 * - isolation: every failure goes through {@link fail}, inside the failed event's dispatch;
 * - storms: {@link refuse};
 * - middleware decisions: {@link decide}.
 */

/**
 * The dispatch whose handler, middleware or onError is running right now, synchronously: the
 * cause of a bare `bus.emit`/`bus.publish` made from inside it. The core's only module-level
 * state. A hot-path dispatch leaves its bus's core here instead of a Context (see `BusCore._hotKey`),
 * and {@link causeNow} makes one the first time a nested dispatch needs it.
 */
let current: Context | BusCore | undefined;

/**
 * A context of the root dispatch running on `core`'s hot path: every one made for it has the same
 * id, and a publish's has its report. The one a nested dispatch makes for its cause is given no
 * event and no report: nothing reads a cause's.
 */
const contextOf = (core: BusCore, event?: unknown, report?: Report): Context => {
  core._hotSequence ||= ++core._dispatchCount;
  return new Context(core, core._hotKey, event, core._hotSequence, undefined, undefined, report);
};

/** The cause of a dispatch starting now: the running one, if any, as a Context (made now if the hot path had not needed one yet). */
const causeNow = (): Context | undefined => {
  if (current !== undefined && !(current instanceof Context)) current = contextOf(current);
  return current;
};

/**
 * Calls `observe(observers, observation)` as a part of `context`'s dispatch: for inspectors (see
 * `inspect()`), so what one dispatches while it observes a moment of a dispatch is caused by that
 * dispatch (depth + 1, storm-limited), as an onError's is, whichever moment it observes. The
 * function and its arguments are passed apart: a closure per observation made an inspected emit 40% slower.
 */
export const observeWithin = <Observers, Observation>(
  context: Context,
  observe: (observers: Observers, observation: Observation) => void,
  observers: Observers,
  observation: Observation,
): void => {
  // During a handler's run it is the current dispatch already: storing it again would cost a write barrier per observation.
  if (current === context) {
    observe(observers, observation);
    return;
  }
  const saved = current;
  current = context;
  try {
    observe(observers, observation);
  } finally {
    current = saved;
  }
};

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
const now = () => performance.now();

/** Logs a failure of an error handler (an onError that throws or rejects): nothing else can take it. */
const logSecondary = (context: Context, secondary: unknown, original: unknown) =>
  log(DEV ? `onError failed too (${context.type}):` : 'onError failed', secondary, original);

/**
 * A handler (`subscription`) or middleware (none) failed: the report gets the error, then the
 * subscription's onError, else the bus's, runs inside the failed event's dispatch, so what it
 * dispatches is caused by that event (and storm-limited). A failing onError is only logged.
 */
const fail = (context: Context, subscription: Subscription | undefined, error: unknown) => {
  const report = context._report;
  if (report) report.errors = [...report.errors, error];
  const onError = subscription?._options?.onError ?? context._core._onError;
  const saved = current;
  current = context;
  try {
    const result = onError(error, context._event as never, context as never);
    if (isThenable(result)) result.then(undefined, (secondary: unknown) => logSecondary(context, secondary, error));
  } catch (secondary) {
    logSecondary(context, secondary, error);
  } finally {
    current = saved;
  }
};

/** Whether a subscription of a running dispatch's route is still to be called now; `once` removes it just before its call. */
const isDue = (subscription: Subscription): boolean => {
  if (!subscription._active) return false;
  if (subscription._once) subscription._unsubscribe();
  return true;
};

/** The end of a dispatch that has a report: its route is no longer iterated; observed; the report. */
const finish = (context: Context): Report => {
  context._core._subscriptions._iterating--;
  context._observer?._dispatched(context);
  return context._report as Report;
};

/**
 * The handler at `route[index]` returned a promise: its end is observed and its rejection goes to
 * {@link fail}, on every path. With `awaitEach` (publish), returns the rest of the delivery, after
 * it settles. Apart from {@link deliver}'s loop because closures there would make every delivery
 * allocate their variables, async handler or not (5% of an awaited publish).
 */
const settle = (
  context: Context,
  route: readonly Subscription[],
  index: number,
  startedAt: number,
  result: PromiseLike<unknown>,
  awaitEach: boolean,
): Promise<Report> | undefined => {
  const subscription = route[index] as Subscription;
  context.timestamp;
  const settled = Promise.resolve(result).then(
    () => context._observer?._handlerEnd(context, subscription, startedAt, true, false),
    (error: unknown) => {
      fail(context, subscription, error);
      context._observer?._handlerEnd(context, subscription, startedAt, true, true, error);
    },
  );
  return awaitEach ? settled.then(() => deliver(context, route, index + 1, true)) : undefined;
};

/**
 * Calls the handlers of `route` from index `from`, in order, each isolated and observed. With
 * `awaitEach` (publish) an async handler is awaited before the next; otherwise its rejection is
 * still caught.
 */
const deliver = (context: Context, route: readonly Subscription[], from: number, awaitEach: boolean): Report | Promise<Report> => {
  const { _report: report, _observer: observer, _event: event } = context;
  // Already the running dispatch when called from runMiddleware: storing it again would cost a write barrier.
  const saved = current;
  if (saved !== context) current = context;
  try {
    for (let index = from; index < route.length; index++) {
      const subscription = route[index] as Subscription;
      if (!isDue(subscription)) continue;
      (report as Report).delivered++;
      const startedAt = observer ? now() : 0;
      observer?._handlerStart(context, subscription);
      let result: unknown;
      try {
        result = subscription._handler(event, context);
      } catch (error) {
        fail(context, subscription, error);
        observer?._handlerEnd(context, subscription, startedAt, false, true, error);
        continue;
      }
      if (result === undefined || !isThenable(result)) {
        observer?._handlerEnd(context, subscription, startedAt, false, false);
        continue;
      }
      const next = settle(context, route, index, startedAt, result, awaitEach);
      if (next) return next;
    }
    // Still inside: an inspector's reaction to the end is caused by this dispatch without switching `current` again.
    return finish(context);
  } finally {
    if (saved !== context) current = saved;
  }
};

/**
 * The hot path's {@link deliver}: a root dispatch with nothing but handlers to run (no middleware,
 * no observer). The same rules through the same helpers ({@link isDue}, {@link fail}, {@link settle}),
 * without the bookkeeping; its context is made only if a handler declares it, fails or returns a
 * promise ({@link contextOf}). A publish (`report`, of dispatch number `sequence`) hands the rest of
 * its delivery to {@link deliver} at the first handler that returns a promise, to await it.
 */
const deliverNow = (
  core: BusCore,
  key: string,
  event: unknown,
  route: readonly Subscription[],
  report: Report | undefined,
  sequence: number,
): Report | Promise<Report> | undefined => {
  const table = core._subscriptions;
  core._hotKey = key;
  core._hotSequence = sequence;
  current = core;
  // Kept in a local, not in `current`: storing a new object in module state (a write barrier) costs
  // about as much as making it. A nested dispatch's causeNow() makes its own, with the same id.
  let context: Context | undefined;
  table._iterating++;
  try {
    // One try around the whole loop costs less than one per handler: a throw resumes after the failed handler.
    for (let index = 0; index < route.length; index++) {
      try {
        for (; index < route.length; index++) {
          const subscription = route[index] as Subscription;
          if (!isDue(subscription)) continue;
          if (report) report.delivered++;
          const handler = subscription._handler;
          subscription._wantsContext ??= handler.length !== 1;
          if (subscription._wantsContext) context ??= contextOf(core, event, report);
          const result = handler(event, subscription._wantsContext ? context : undefined);
          if (result !== undefined && isThenable(result)) {
            context ??= contextOf(core, event, report);
            const rest = settle(context, route, index, 0, result, report !== undefined);
            if (rest) {
              // deliver() goes on after it settles and ends the iteration (finish): this one's end below must not.
              table._iterating++;
              return rest;
            }
          }
        }
      } catch (error) {
        context ??= contextOf(core, event, report);
        fail(context, route[index] as Subscription, error);
      }
    }
    return report;
  } finally {
    current = undefined;
    table._iterating--;
  }
};

/**
 * A middleware returned `returned` for `incoming`: passed (the same value), blocked (`ctx.block()`,
 * or null/undefined instead of a value), or transformed (anything else replaces the event).
 * Returns true when it blocked.
 */
const decide = (context: Context, entry: MiddlewareEntry, incoming: unknown, returned: unknown, startedAt: number): boolean => {
  const decision: MiddlewareDecision =
    context._blockReason !== undefined ? 'blocked' : returned === incoming ? 'passed' : returned == null ? 'blocked' : 'transformed';
  context._observer?._middleware(context, entry, decision, startedAt, returned);
  // process.env itself, not DEV: a bundler's define folds it, and the empty `if` goes. Read only for
  // an undefined that blocked: in Node, process.env is a slow lookup (every decision paid it).
  if (returned === undefined && decision === 'blocked') {
    if (process.env.NODE_ENV !== 'production' && context._blockReason === undefined) warnReturnedNothing(context, entry);
  }
  if (decision === 'transformed') context._event = returned;
  if (decision !== 'blocked') return false;
  blockBy(context, entry);
  return true;
};

/**
 * Development only: a middleware returned nothing for an event that had a payload, which blocks
 * it; most likely a missing `return event` (mitt and EventEmitter listeners return nothing). Said
 * once per middleware.
 */
const warnReturnedNothing = (context: Context, entry: MiddlewareEntry) => {
  if (entry._warnedReturnedNothing) return;
  entry._warnedReturnedNothing = true;
  console.warn(
    `[hubbub] middleware "${entry._name}" returned undefined for "${context.type}", which blocks it. Return the event to pass it on; to block on purpose, return ctx.block(reason) or null, which say so (and silence this).`,
  );
};

const blockBy = (context: Context, entry: MiddlewareEntry) => {
  const report = context._report as Report;
  report.blockedBy = entry._name;
  if (context._blockReason != null) report.blockReason = context._blockReason;
};

/** A middleware threw or rejected: the event is blocked (fail closed) and the error reported. */
const threw = (context: Context, entry: MiddlewareEntry, error: unknown, startedAt: number): Report => {
  fail(context, undefined, error);
  context._observer?._middleware(context, entry, 'threw', startedAt, error);
  blockBy(context, entry);
  return finish(context);
};

/**
 * Runs the middleware of `chain` from index `from`, synchronously until one returns a promise
 * (the rest then follows it), then delivers to `route`.
 */
const runMiddleware = (
  context: Context,
  chain: readonly MiddlewareEntry[],
  from: number,
  route: readonly Subscription[],
  awaitEach: boolean,
): Report | Promise<Report> => {
  // The running dispatch for the whole synchronous run, handlers included: storing it per middleware cost a write barrier each.
  const saved = current;
  current = context;
  try {
    for (let index = from; index < chain.length; index++) {
      const entry = chain[index] as MiddlewareEntry;
      if (!entry._active) continue;
      const incoming = context._event;
      const startedAt = context._observer ? now() : 0;
      let returned: unknown;
      try {
        returned = entry._middleware(incoming, context);
      } catch (error) {
        return threw(context, entry, error, startedAt);
      }
      if (isThenable(returned)) {
        context.timestamp;
        return Promise.resolve(returned).then(
          (value) =>
            decide(context, entry, incoming, value, startedAt)
              ? finish(context)
              : runMiddleware(context, chain, index + 1, route, awaitEach),
          (error: unknown) => threw(context, entry, error, startedAt),
        );
      }
      if (decide(context, entry, incoming, returned, startedAt)) return finish(context);
    }
    context._core._remember?.(context._key, context._event);
    return deliver(context, route, 0, awaitEach);
  } finally {
    current = saved;
  }
};

/**
 * Refuses a dispatch deeper than `maxDepth` (an event storm): emit throws the error to its
 * caller; publish reports it. Only the first refusal of a chain goes to the bus's onError, so an
 * onError that dispatches again is refused in turn without calling itself forever.
 */
const refuse = (context: Context, awaitEach: boolean): Promise<PublishReport> => {
  const error = new EventStormError(context.type, context.depth, chainOf(context));
  context._observer?._storm(context, error, awaitEach);
  if (!awaitEach) throw error;
  const report = context._report as Report;
  if (context.depth === context._core._maxDepth + 1) fail(context, undefined, error);
  else report.errors = [error];
  return Promise.resolve(report);
};

/** Whether a dispatch of `target` from `core` starting now takes the hot path: a root one to a string key, with nothing but handlers to run. */
const isHot = (core: BusCore, target: unknown): target is string =>
  current === undefined && core._handlersOnly && typeof target === 'string';

/** `bus.emit`: the hot path when it may ({@link isHot}), else a dispatch caused by the running one, if any. */
export const emit = (core: BusCore, target: unknown, payload: unknown): void => {
  if (isHot(core, target)) {
    const table = core._subscriptions;
    const route = table._merging ? table._route(target) : table._byKey[target];
    if (route?.length) deliverNow(core, target, payload, route, undefined, 0);
    return;
  }
  dispatch(core, target, payload, causeNow(), false);
};

/** `bus.publish`: the hot path when it may ({@link isHot}), else a dispatch caused by the running one, if any. */
export const publish = (core: BusCore, target: unknown, payload: unknown): Promise<PublishReport> => {
  if (!isHot(core, target)) return publishCausedBy(core, target, payload, causeNow());
  const table = core._subscriptions;
  const route = table._merging ? table._route(target) : table._byKey[target];
  const sequence = ++core._dispatchCount;
  const outcome = deliverNow(core, target, payload, route ?? EMPTY, newReport(eventIdOf(core, sequence), target), sequence);
  return Promise.resolve(outcome as Report | Promise<Report>);
};

/**
 * Dispatches `target` (a key with `payload`, or a class instance) caused by `parent`. Returns the
 * report's promise with `awaitEach` (publish), else nothing. Throws a TypeError for a bad target,
 * and an EventStormError for a refused emit.
 */
export const dispatch = (
  core: BusCore,
  target: unknown,
  payload: unknown,
  parent: Context | undefined,
  awaitEach: boolean,
): Promise<PublishReport> | undefined => {
  const isKey = typeof target === 'string';
  const key: string | EventClass = isKey ? target : classOf(target);
  const event = isKey ? payload : target;
  const observer = core._observer;
  const context = new Context(core, key, event, ++core._dispatchCount, parent, observer);
  // Converting the number to the id is a slow runtime call, and the context keeps the id it makes;
  // an emit's report nobody observes is never seen, so its id is not made.
  context._report = newReport(awaitEach || observer ? context.id : '', context.type);
  if (context.depth > core._maxDepth) return refuse(context, awaitEach);
  // From here until finish() the dispatch holds its route and middleware: changes meanwhile (an
  // inspector's, on this very event, too) copy the lists.
  const table = core._subscriptions;
  table._iterating++;
  const route = table._route(key);
  const chain = core._middleware;
  observer?._event(context, awaitEach);
  const outcome = runMiddleware(context, chain, 0, route, awaitEach);
  return awaitEach ? Promise.resolve(outcome as Report | Promise<Report>) : undefined;
};

/** Publishes with an explicit cause (`ctx.publish`, or a bus's off the hot path): every failure, a bad argument included, is in the promise, never thrown. */
export const publishCausedBy = (core: BusCore, target: unknown, payload: unknown, parent: Context | undefined): Promise<PublishReport> => {
  try {
    return dispatch(core, target, payload, parent, true) as Promise<PublishReport>;
  } catch (error) {
    return Promise.reject(error);
  }
};

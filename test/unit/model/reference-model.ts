/**
 * The reference model: DESIGN's dispatch rules written for clarity, not speed. It runs a program
 * on plain data (labels instead of values, serial numbers instead of ids) and records what the
 * real bus must record. "Later" (a promise settled by `setImmediate`) is a FIFO queue of
 * callbacks, run after the synchronous part of each root step, exactly like Node's immediates.
 */
import { eventLabelFor, NO_PAYLOAD, names, STORM, transformLabel } from './labels';
import { STICKY_TYPES } from './paths';
import {
  type Action,
  applies,
  type DispatchTarget,
  type InspectorMoment,
  type LeafSubscription,
  LIMITS,
  type MiddlewareBehaviour,
  type MiddlewareNaming,
  type Outcome,
  type Program,
  reaches,
  type SubscriptionSpec,
  specOfLeaf,
} from './program';
import type { Observed, ReportSummary, RunResult, SeenContext, TraceEntry } from './run-result';

interface Subscription extends SubscriptionSpec {
  readonly index: number;
  active: boolean;
}

interface MiddlewareEntry {
  readonly index: number;
  readonly naming: MiddlewareNaming;
  readonly behaviour: MiddlewareBehaviour;
  active: boolean;
}

/** One dispatch: its identity (the serial is its id) and its causal parent. */
interface Dispatch {
  readonly serial: number;
  readonly type: DispatchTarget;
  readonly depth: number;
  readonly parent: Dispatch | undefined;
  readonly root: Dispatch;
}

/** One running dispatch's state. */
interface Running {
  readonly dispatch: Dispatch;
  readonly method: 'emit' | 'publish';
  /** Snapshots taken when it started, before any middleware ran. */
  readonly handlers: readonly Subscription[];
  readonly middleware: readonly MiddlewareEntry[];
  value: string;
  delivered: number;
  errors: string[];
  blockedBy?: string;
  blockReason?: string;
}

/** Who is running an action: for `'self'` targets, and for the record. */
type Owner =
  | { readonly kind: 'handler'; readonly subscription: Subscription }
  | { readonly kind: 'onError'; readonly subscription: Subscription | undefined }
  | { readonly kind: 'middleware'; readonly middleware: MiddlewareEntry }
  | { readonly kind: 'inspector' };

/** The result of calling a participant: settled now, or by a later immediate. */
type Settlement =
  | { readonly kind: 'returned'; readonly value?: string; readonly blockReason?: string | undefined; readonly blocked?: boolean }
  | { readonly kind: 'threw'; readonly error: string }
  | { readonly kind: 'later'; readonly settle: () => Exclude<Settlement, { kind: 'later' }> };

export interface ModelOptions {
  readonly method: 'emit' | 'publish';
  /** An inspector is attached (the program's failing inspector too, if any). */
  readonly inspected: boolean;
}

export const runModel = (program: Program, options: ModelOptions): RunResult<number> => {
  const subscriptions: Subscription[] = [];
  const middlewareList: MiddlewareEntry[] = [];
  const aborted = Array.from({ length: LIMITS.controllers }, () => false);
  const queue: (() => void)[] = [];
  const trace: TraceEntry<number>[] = [];
  const reports = new Map<number, ReportSummary<number>>();
  const observed: Observed<number>[] = [];
  const published: string[] = [];
  /** The last event of each type that passed every middleware (a Child is a Base's too): what a sticky bus remembers. */
  const last = new Map<(typeof STICKY_TYPES)[number], string>();
  let logged = 0;
  let serial = 0;
  let errorCount = 0;
  let nestedBudget = LIMITS.nestedDispatches;
  let kept: Dispatch | undefined;
  /** The acting inspector is attached until a participant detaches it. */
  let actingAttached = true;

  const seen = (dispatch: Dispatch): SeenContext<number> => ({
    type: dispatch.type,
    id: dispatch.serial,
    depth: dispatch.depth,
    cause: dispatch.parent?.serial,
    root: dispatch.root.serial,
    clock: true,
  });
  const newError = (owner: string) => `${owner}#${errorCount++}`;
  const observe = (entry: Observed<number>) => {
    if (!options.inspected) return;
    observed.push(entry);
    if (program.inspectorFailure !== 'none') logged++;
  };

  /**
   * Subscriptions whose subscribe is still being observed, and whether their remover was called
   * meanwhile: the runner can only call it once `bus.subscribe` has returned it, so it waits till then.
   */
  const awaitingRemover = new Map<Subscription, boolean>();
  /**
   * Subscribes (a no-op for an aborted signal): observed once it is in its list. `running` is the
   * dispatch whose participant subscribes, if any: what the inspector dispatches then is its child.
   */
  const subscribe = (spec: SubscriptionSpec, running: Dispatch | undefined) => {
    const active = spec.signal === null || !aborted[spec.signal];
    const subscription: Subscription = { ...spec, index: subscriptions.length, active };
    subscriptions.push(subscription);
    if (!active) return;
    awaitingRemover.set(subscription, false);
    inspectorSees('subscribe', running);
    const removeNow = awaitingRemover.get(subscription);
    awaitingRemover.delete(subscription);
    if (removeNow) unsubscribe(subscription, running);
  };
  /** Removes a subscription by its remover. */
  const remove = (subscription: Subscription, running: Dispatch | undefined) => {
    if (awaitingRemover.has(subscription)) awaitingRemover.set(subscription, true);
    else unsubscribe(subscription, running);
  };
  /** Unsubscribes (by its remover, its signal or `once`): observed if it was still subscribed. */
  const unsubscribe = (subscription: Subscription, running: Dispatch | undefined) => {
    if (!subscription.active) return;
    subscription.active = false;
    inspectorSees('unsubscribe', running);
  };
  const subscribeLeaf = (leaf: LeafSubscription, running: Dispatch | undefined) => {
    if (subscriptions.length >= LIMITS.subscriptions) return;
    subscribe(specOfLeaf(leaf), running);
  };
  const pick = <T>(list: readonly T[], index: number): T | undefined => (list.length ? list[index % list.length] : undefined);
  const abort = (controller: number, running: Dispatch | undefined) => {
    if (aborted[controller]) return;
    aborted[controller] = true;
    // The signal's listeners run in subscription order.
    for (const subscription of subscriptions) if (subscription.signal === controller) unsubscribe(subscription, running);
  };

  /** Runs `actions` for `owner`; returns the error of a nested emit that threw (the rest of its actions then do not run). */
  const act = (
    actions: readonly Action[],
    owner: Owner,
    dispatch: Dispatch | undefined,
    value: string,
    hasCtx: boolean,
  ): string | undefined => {
    for (const action of actions) {
      switch (action.kind) {
        case 'unsubscribe': {
          const own = owner.kind === 'handler' || owner.kind === 'onError' ? owner.subscription : undefined;
          const target = action.target === 'self' ? own : pick(subscriptions, action.target);
          if (target) remove(target, dispatch);
          break;
        }
        case 'abort':
          abort(action.controller, dispatch);
          break;
        case 'subscribe':
          subscribeLeaf(action.subscription, dispatch);
          break;
        case 'removeMiddleware': {
          const target =
            action.target === 'self' ? (owner.kind === 'middleware' ? owner.middleware : undefined) : pick(middlewareList, action.target);
          if (target) target.active = false;
          break;
        }
        case 'use':
          if (middlewareList.length >= LIMITS.middleware) break;
          middlewareList.push({
            index: middlewareList.length,
            naming: 'option',
            behaviour: { decision: action.decision, async: false, when: 'always', actions: [] },
            active: true,
          });
          break;
        case 'keepCtx':
          if (hasCtx && dispatch) kept = dispatch;
          break;
        case 'detachInspector':
          actingAttached = false;
          break;
        case 'dispatch': {
          if (action.via === 'kept' && !kept) break;
          if (nestedBudget <= 0) break;
          nestedBudget--;
          // Without a running dispatch (an inspector's, on a step that is no dispatch) it is a root dispatch.
          const parent = action.via === 'kept' ? kept : dispatch;
          const same = action.target === 'same' && hasCtx && dispatch !== undefined;
          const type: DispatchTarget = same ? dispatch.type : action.target === 'same' ? 'a' : action.target;
          const thrown = start(action.method, type, (next) => (same ? value : eventLabelFor(type, action.payloadless, next)), parent);
          if (thrown !== undefined) return thrown;
          break;
        }
      }
    }
    return undefined;
  };

  /**
   * The acting inspector (on inspected paths) observes `moment` (of `dispatch`, or while it runs):
   * it changes the bus, synchronously, and what it dispatches is caused by `dispatch`, or is a root
   * dispatch without one. A refused emit fails it (logged).
   */
  const inspectorSees = (moment: InspectorMoment, dispatch?: Dispatch) => {
    const acting = program.inspectorActs;
    if (!options.inspected || !actingAttached || acting?.on !== moment) return;
    if (act(acting.actions, { kind: 'inspector' }, dispatch, '', false) !== undefined) logged++;
  };

  /** A handler's or onError's outcome once its actions ran. */
  const settle = (outcome: Outcome, ownerName: string): Settlement => {
    if (outcome === 'return') return { kind: 'returned' };
    if (outcome === 'resolveLater') return { kind: 'later', settle: () => ({ kind: 'returned' }) };
    const error = newError(ownerName);
    if (outcome === 'throw') return { kind: 'threw', error };
    return { kind: 'later', settle: () => ({ kind: 'threw', error }) };
  };

  /** Calls an onError (the subscription's, else the bus's) for a failure, inside the failed event's dispatch. */
  const callOnError = (subscription: Subscription | undefined, error: string, value: string, dispatch: Dispatch) => {
    const behaviour = subscription?.onError ?? program.busOnError;
    const ownerName = subscription?.onError ? names.handlerOnError(subscription.index) : names.busOnError;
    trace.push({ onError: ownerName, error, event: value, ctx: seen(dispatch) });
    const thrown = act(
      behaviour.actions,
      { kind: 'onError', subscription: subscription?.onError ? subscription : undefined },
      dispatch,
      value,
      true,
    );
    if (thrown !== undefined) {
      logged++;
      return;
    }
    const settlement = settle(behaviour.outcome, ownerName);
    if (settlement.kind === 'threw') logged++;
    if (settlement.kind === 'later' && settlement.settle().kind === 'threw') queue.push(() => logged++);
  };

  /** A dispatch ended (delivered, blocked or failed closed): it is observed, and a publish's report is made. */
  const finish = (running: Running) => {
    inspectorSees('dispatched', running.dispatch);
    report(running);
  };
  const report = (running: Running) => {
    if (running.method !== 'publish') return;
    const { dispatch } = running;
    reports.set(dispatch.serial, {
      serial: dispatch.serial,
      id: dispatch.serial,
      type: dispatch.type,
      delivered: running.delivered,
      errors: running.errors,
      ...(running.blockedBy !== undefined && { blockedBy: running.blockedBy }),
      ...(running.blockReason !== undefined && { blockReason: running.blockReason }),
    });
  };

  /** Starts a dispatch; returns the storm error an emit throws to its caller, if refused. */
  const start = (method: 'emit' | 'publish', type: DispatchTarget, valueFor: (serial: number) => string, parent: Dispatch | undefined) => {
    serial++;
    const dispatch: { -readonly [K in keyof Dispatch]: Dispatch[K] } = {
      serial,
      type,
      depth: parent ? parent.depth + 1 : 0,
      parent,
      root: parent?.root as Dispatch,
    };
    dispatch.root ??= dispatch;
    const value = valueFor(serial);
    published.push(`${type} ${value}`);
    if (dispatch.depth > LIMITS.maxDepth) {
      if (method === 'emit') return STORM;
      const refused: Running = { dispatch, method, handlers: [], middleware: [], value, delivered: 0, errors: [STORM] };
      if (dispatch.depth === LIMITS.maxDepth + 1) callOnError(undefined, STORM, value, dispatch);
      report(refused);
      return undefined;
    }
    const handlers = subscriptions
      .filter((subscription) => subscription.active && reaches(subscription.key, type))
      .sort((first, second) => second.priority - first.priority || first.index - second.index);
    const middleware = middlewareList.filter((entry) => entry.active);
    // Observed once its snapshots are taken: what an inspector changes now, this dispatch meets as a change during it.
    inspectorSees('event', dispatch);
    runMiddleware({ dispatch, method, handlers, middleware, value, delivered: 0, errors: [] }, 0);
    return undefined;
  };

  const callMiddleware = (entry: MiddlewareEntry, running: Running): Settlement => {
    const { dispatch, value } = running;
    const name = names.middleware(entry.index);
    trace.push({ middleware: name, event: value, ctx: seen(dispatch) });
    const thrown = act(entry.behaviour.actions, { kind: 'middleware', middleware: entry }, dispatch, value, true);
    if (thrown !== undefined) return { kind: 'threw', error: thrown };
    const decision = applies(entry.behaviour.when, dispatch.type) ? entry.behaviour.decision : 'pass';
    const error = decision === 'throw' ? newError(name) : '';
    const decisionOutcome = (): Exclude<Settlement, { kind: 'later' }> => {
      if (decision === 'pass') return { kind: 'returned', value };
      if (decision === 'transform') return { kind: 'returned', value: transformLabel(value, name) };
      if (decision === 'returnNull') return { kind: 'returned', blocked: true };
      if (decision === 'block') return { kind: 'returned', blocked: true, blockReason: undefined };
      if (decision === 'blockWithReason') return { kind: 'returned', blocked: true, blockReason: names.blockReason(entry.index) };
      return { kind: 'threw', error };
    };
    return entry.behaviour.async ? { kind: 'later', settle: decisionOutcome } : decisionOutcome();
  };

  /** Applies a middleware's decision; true when the dispatch goes on to the next one. */
  const decide = (entry: MiddlewareEntry, running: Running, settlement: Exclude<Settlement, { kind: 'later' }>): boolean => {
    const blockedBy = names.blockedBy(entry.index, entry.naming);
    const eventId = running.dispatch.serial;
    if (settlement.kind === 'threw') {
      running.errors.push(settlement.error);
      running.blockedBy = blockedBy;
      callOnError(undefined, settlement.error, running.value, running.dispatch);
      observe({ eventId, middleware: blockedBy, decision: 'threw' });
      inspectorSees('middleware', running.dispatch);
      return false;
    }
    if (settlement.blocked) {
      running.blockedBy = blockedBy;
      if (settlement.blockReason !== undefined) running.blockReason = settlement.blockReason;
      observe({
        eventId,
        middleware: blockedBy,
        decision: 'blocked',
        ...(settlement.blockReason !== undefined && { reason: settlement.blockReason }),
      });
      inspectorSees('middleware', running.dispatch);
      return false;
    }
    const passed = settlement.value === running.value;
    observe({ eventId, middleware: blockedBy, decision: passed ? 'passed' : 'transformed' });
    inspectorSees('middleware', running.dispatch);
    running.value = settlement.value as string;
    return true;
  };

  const runMiddleware = (running: Running, from: number) => {
    for (let i = from; i < running.middleware.length; i++) {
      const entry = running.middleware[i] as MiddlewareEntry;
      if (!entry.active) continue;
      const settlement = callMiddleware(entry, running);
      if (settlement.kind === 'later') {
        queue.push(() => {
          if (decide(entry, running, settlement.settle())) runMiddleware(running, i + 1);
          else finish(running);
        });
        return;
      }
      if (!decide(entry, running, settlement)) return finish(running);
    }
    const { type } = running.dispatch;
    last.set(type, running.value);
    if (type === 'Child') last.set('Base', running.value);
    runHandlers(running, 0);
  };

  const handlerFailed = (running: Running, subscription: Subscription, error: string) => {
    if (running.method === 'publish') running.errors.push(error);
    callOnError(subscription, error, running.value, running.dispatch);
  };

  const runHandlers = (running: Running, from: number) => {
    const { dispatch, value } = running;
    for (let i = from; i < running.handlers.length; i++) {
      const subscription = running.handlers[i] as Subscription;
      if (!subscription.active) continue;
      if (subscription.once) unsubscribe(subscription, dispatch);
      running.delivered++;
      observe({ eventId: dispatch.serial, handlerStart: names.subscriptionLabel(subscription.index, subscription.labelled) });
      inspectorSees('handler-start', dispatch);
      const hasCtx = subscription.arity === 2;
      const name = names.handler(subscription.index);
      trace.push(hasCtx ? { handler: name, event: value, ctx: seen(dispatch) } : { handler: name, event: value });
      const thrown = act(subscription.behaviour.actions, { kind: 'handler', subscription }, dispatch, value, hasCtx);
      const settlement: Settlement = thrown !== undefined ? { kind: 'threw', error: thrown } : settle(subscription.behaviour.outcome, name);
      if (settlement.kind !== 'later') {
        if (settlement.kind === 'threw') handlerFailed(running, subscription, settlement.error);
        inspectorSees('handler-end', dispatch);
        continue;
      }
      // An async handler ends when its promise settles: publish goes on from there, emit went on already.
      const later = settlement.settle();
      const settled = () => {
        if (later.kind === 'threw') handlerFailed(running, subscription, later.error);
        inspectorSees('handler-end', dispatch);
      };
      if (running.method === 'publish') {
        queue.push(() => {
          settled();
          runHandlers(running, i + 1);
        });
        return;
      }
      queue.push(settled);
    }
    finish(running);
  };

  for (const step of program.steps) {
    switch (step.kind) {
      case 'subscribe':
        subscribe(step, undefined);
        break;
      case 'unsubscribe': {
        const target = pick(subscriptions, step.target);
        if (target) unsubscribe(target, undefined);
        break;
      }
      case 'abort':
        abort(step.controller, undefined);
        break;
      case 'use':
        middlewareList.push({ index: middlewareList.length, naming: step.naming, behaviour: step.behaviour, active: true });
        break;
      case 'remove': {
        const target = pick(middlewareList, step.target);
        if (target) target.active = false;
        break;
      }
      case 'dispatch':
        start(options.method, step.target, (next) => eventLabelFor(step.target, step.payloadless, next), undefined);
        trace.push({ returned: `${options.method} ${step.target}` });
        while (queue.length) (queue.shift() as () => void)();
        break;
    }
  }
  // What an inspector dispatched on a step that is no dispatch (a subscribe, say) may still be pending.
  while (queue.length) (queue.shift() as () => void)();
  return {
    trace,
    reports: [...reports.values()].sort((first, second) => first.serial - second.serial),
    observed,
    published,
    last: STICKY_TYPES.map((type) => `${type} ${last.get(type) ?? NO_PAYLOAD}`),
    logged,
    anomalies: [],
  };
};

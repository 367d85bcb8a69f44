/**
 * Runs a program on a real bus through one {@link Path}, using only the public API of
 * 'src/index.ts' and 'src/testing/index.ts', and records what happened in the model's terms.
 * Every "later" is a `setImmediate`, and each root step waits until no immediate of ours is
 * pending, so the interleaving does not depend on how many microtasks the bus uses internally.
 */
import {
  type Bus,
  createBus,
  type EventMap,
  type HandlerContext,
  inspect,
  type PublishReport,
  type SubscribeOptions,
} from '../../../src/index';
import { createTestBus, type TestBus } from '../../../src/testing/index';
import { Base, Child, errorLabelOf, eventFor, labelOf, makeError, names, transform } from './labels';
import { type Path, STICKY_TYPES } from './paths';
import {
  type Action,
  applies,
  type Behaviour,
  type DispatchTarget,
  LIMITS,
  type MiddlewareBehaviour,
  type MiddlewareNaming,
  type Outcome,
  type Program,
  type SubscriptionSpec,
  specOfLeaf,
} from './program';
import type { Observed, ReportSummary, RunResult, SeenContext, TraceEntry } from './run-result';
import { isHubbubLog, watchProcess } from './watch-process';

/** Calls (handlers, middleware, onErrors) past which a run is declared a runaway and its participants stop acting. */
const RUNAWAY_CALLS = 5_000;
/** Immediate turns past which a run is declared hung. */
const HANG_TURNS = 10_000;

/** The middleware context's explicit block (typed here so the test compiles against any core version). */
type Blockable = { block(reason?: string): unknown };
/** The report's reason for an explicit block. */
type WithReason = { blockReason?: unknown };
type Dispatcher = Pick<Bus, 'emit' | 'publish'>;

interface Owner {
  readonly name: string;
  /** The subscription a `'self'` unsubscribe removes. */
  readonly subscription?: number;
  /** The middleware a `'self'` remove removes. */
  readonly middleware?: number;
}

const seen = (ctx: HandlerContext | undefined): SeenContext<string> =>
  ctx
    ? {
        type: ctx.type,
        id: ctx.id,
        depth: ctx.depth,
        cause: ctx.causationId,
        root: ctx.correlationId,
        clock: Number.isFinite(ctx.timestamp),
      }
    : { type: 'no ctx given', id: 'no ctx given', depth: Number.NaN, cause: undefined, root: 'no ctx given', clock: false };

export const runOnBus = async (program: Program, path: Path): Promise<RunResult<string>> => {
  const trace: TraceEntry<string>[] = [];
  const reports = new Map<number, ReportSummary<string>>();
  const unsettled = new Map<number, string>();
  const observed: Observed<string>[] = [];
  const anomalies: string[] = [];
  const controllers = Array.from({ length: LIMITS.controllers }, () => new AbortController());
  const unsubscribers: (() => void)[] = [];
  const removers: (() => void)[] = [];
  let kept: HandlerContext | undefined;
  let detachActing = () => {};
  let pending = 0;
  let calls = 0;
  let serial = 0;
  let errorCount = 0;
  let nestedBudget = LIMITS.nestedDispatches;

  const later = <T>(settle: (resolve: (value: T) => void, reject: (error: unknown) => void) => void) =>
    new Promise<T>((resolve, reject) => {
      pending++;
      setImmediate(() => {
        pending--;
        try {
          settle(resolve, reject);
        } catch (error) {
          reject(error);
        }
      });
    });
  const newError = (owner: string) => makeError(`${owner}#${errorCount++}`);
  const runaway = () => {
    if (++calls === RUNAWAY_CALLS) anomalies.push(`runaway: over ${RUNAWAY_CALLS} calls (something runs again and again)`);
    return calls >= RUNAWAY_CALLS;
  };
  const indexIn = (list: readonly unknown[], index: number): number | undefined => (list.length ? index % list.length : undefined);
  const pick = <T>(list: readonly T[], index: number): T | undefined => (list.length ? list[index % list.length] : undefined);
  const end = (outcome: Outcome, owner: string): unknown => {
    if (outcome === 'return') return undefined;
    if (outcome === 'resolveLater') return later((resolve) => resolve(undefined));
    const error = newError(owner);
    if (outcome === 'throw') throw error;
    return later((_, reject) => reject(error));
  };

  const onErrorFor =
    (behaviour: Behaviour, owner: Owner) =>
    (error: unknown, event: unknown, ctx: HandlerContext): unknown => {
      if (runaway()) return undefined;
      trace.push({ onError: owner.name, error: errorLabelOf(error), event: labelOf(event), ctx: seen(ctx) });
      act(behaviour.actions, owner, event, ctx);
      return end(behaviour.outcome, owner.name);
    };
  const busOnError = onErrorFor(program.busOnError, { name: names.busOnError });
  const options = { name: 'model', maxDepth: LIMITS.maxDepth, onError: busOnError, ...(path.sticky && { sticky: true }) };
  const bus: Bus<EventMap> = path.testBus ? createTestBus<EventMap>(options) : createBus<EventMap>(options);
  if (path.passThrough) bus.use((event) => event, { name: 'pass-through' });
  if (path.inspected) {
    inspect(bus, (observation) => {
      if (observation.kind === 'middleware') {
        const reason = (observation as { reason?: unknown }).reason;
        observed.push({
          eventId: observation.eventId,
          middleware: observation.name,
          decision: observation.decision,
          ...(reason !== undefined && { reason: String(reason) }),
        });
      } else if (observation.kind === 'handler-start')
        observed.push({ eventId: observation.eventId, handlerStart: observation.subscription.label });
    });
    const failure = program.inspectorFailure;
    if (failure !== 'none') {
      inspect(bus, (observation) => {
        if (observation.kind !== 'middleware' && observation.kind !== 'handler-start') return;
        if (failure === 'throw') throw new Error('inspector throws on purpose');
        return later((_, reject) => reject(new Error('inspector rejects on purpose')));
      });
    }
    const acting = program.inspectorActs;
    if (acting) {
      detachActing = inspect(bus, (observation) => {
        if (observation.kind === acting.on && !runaway()) act(acting.actions, { name: 'inspector' }, undefined, undefined);
      });
    }
  }

  const track = (dispatchSerial: number, report: Promise<PublishReport>, label: string) => {
    unsettled.set(dispatchSerial, label);
    report.then(
      (settled) => {
        unsettled.delete(dispatchSerial);
        const reason = (settled as WithReason).blockReason;
        reports.set(dispatchSerial, {
          serial: dispatchSerial,
          id: settled.id,
          type: settled.type,
          delivered: settled.delivered,
          errors: settled.errors.map(errorLabelOf),
          ...(settled.blockedBy !== undefined && { blockedBy: settled.blockedBy }),
          ...(reason !== undefined && { blockReason: String(reason) }),
        });
      },
      (error: unknown) => {
        unsettled.delete(dispatchSerial);
        anomalies.push(`publish ${label} rejected: ${errorLabelOf(error)}`);
      },
    );
  };
  const dispatch = (via: Dispatcher, method: 'emit' | 'publish', type: DispatchTarget, value: unknown, dispatchSerial: number) => {
    if (method === 'emit') {
      if (type === 'Child') via.emit(value as object);
      else via.emit(type, value);
      return;
    }
    track(dispatchSerial, type === 'Child' ? via.publish(value as object) : via.publish(type, value), `${type} ${labelOf(value)}`);
  };

  const act = (actions: readonly Action[], owner: Owner, event: unknown, ctx: HandlerContext | undefined) => {
    for (const action of actions) {
      switch (action.kind) {
        case 'unsubscribe': {
          const target = action.target === 'self' ? owner.subscription : indexIn(unsubscribers, action.target);
          if (target !== undefined) unsubscribers[target]?.();
          break;
        }
        case 'abort':
          controllers[action.controller]?.abort();
          break;
        case 'subscribe': {
          if (unsubscribers.length >= LIMITS.subscriptions) break;
          subscribe(specOfLeaf(action.subscription));
          break;
        }
        case 'removeMiddleware': {
          const target = action.target === 'self' ? owner.middleware : indexIn(removers, action.target);
          if (target !== undefined) removers[target]?.();
          break;
        }
        case 'use':
          if (removers.length >= LIMITS.middleware) break;
          use('option', { decision: action.decision, async: false, when: 'always', actions: [] });
          break;
        case 'keepCtx':
          if (ctx) kept = ctx;
          break;
        case 'detachInspector':
          detachActing();
          break;
        case 'dispatch': {
          if (action.via === 'kept' && !kept) break;
          if (nestedBudget <= 0) break;
          nestedBudget--;
          const dispatchSerial = ++serial;
          const same = action.target === 'same' && ctx !== undefined;
          const type = (same ? ctx.type : action.target === 'same' ? 'a' : action.target) as DispatchTarget;
          const value = same ? event : eventFor(type, action.payloadless, dispatchSerial);
          const via: Dispatcher = action.via === 'kept' ? (kept as HandlerContext) : action.via === 'ctx' && ctx ? ctx : bus;
          dispatch(via, action.method, type, value, dispatchSerial);
          break;
        }
      }
    }
  };

  const subscribe = (spec: SubscriptionSpec) => {
    const index = unsubscribers.length;
    // Its place is taken before the bus returns its remover: an inspector that reacts to this very
    // subscription may already name it (its removal then waits for the remover).
    let removeOnReturn = false;
    unsubscribers.push(() => {
      removeOnReturn = true;
    });
    const owner: Owner = { name: names.handler(index), subscription: index };
    const body = (event: unknown, ctx: HandlerContext | undefined): unknown => {
      if (runaway()) return undefined;
      trace.push(ctx ? { handler: owner.name, event: labelOf(event), ctx: seen(ctx) } : { handler: owner.name, event: labelOf(event) });
      act(spec.behaviour.actions, owner, event, ctx);
      return end(spec.behaviour.outcome, owner.name);
    };
    // The bus calls one-parameter handlers differently on its hot path: both shapes are generated.
    const handler =
      spec.arity === 1 ? (event: unknown) => body(event, undefined) : (event: unknown, ctx: HandlerContext) => body(event, ctx);
    Object.defineProperty(handler, 'name', { value: owner.name });
    const signal = spec.signal === null ? undefined : controllers[spec.signal]?.signal;
    const subscribeOptions: SubscribeOptions = {
      priority: spec.priority,
      once: spec.once,
      ...(signal && { signal }),
      ...(spec.onError && { onError: onErrorFor(spec.onError, { name: names.handlerOnError(index), subscription: index }) }),
      ...(spec.labelled && { label: names.subscriptionLabel(index, true) }),
    };
    const key = spec.key === 'Base' ? Base : spec.key === 'Child' ? Child : spec.key;
    const remove = bus.subscribe(key as string, handler, subscribeOptions);
    unsubscribers[index] = remove;
    if (removeOnReturn) remove();
  };

  const use = (naming: MiddlewareNaming, behaviour: MiddlewareBehaviour) => {
    const index = removers.length;
    const owner: Owner = { name: names.middleware(index), middleware: index };
    const middleware = (event: unknown, ctx: HandlerContext): unknown => {
      if (runaway()) return event;
      trace.push({ middleware: owner.name, event: labelOf(event), ctx: seen(ctx) });
      act(behaviour.actions, owner, event, ctx);
      const decision = applies(behaviour.when, ctx.type as DispatchTarget) ? behaviour.decision : 'pass';
      const error = decision === 'throw' ? newError(owner.name) : undefined;
      const decide = (): unknown => {
        if (decision === 'pass') return event;
        if (decision === 'transform') return transform(event, owner.name);
        if (decision === 'returnNull') return null;
        if (decision === 'block') return (ctx as unknown as Blockable).block();
        if (decision === 'blockWithReason') return (ctx as unknown as Blockable).block(names.blockReason(index));
        throw error;
      };
      return behaviour.async ? later((resolve) => resolve(decide())) : decide();
    };
    // With a name option the function is named too: the option must win.
    Object.defineProperty(middleware, 'name', { value: naming === 'anonymous' ? '' : `fn-m${index}` });
    removers.push(bus.use(middleware, naming === 'option' ? { name: names.blockedBy(index, 'option') } : undefined));
  };

  const drain = async () => {
    let turns = 0;
    do await new Promise((resolve) => setImmediate(resolve));
    while (pending > 0 && ++turns < HANG_TURNS);
    if (pending > 0) anomalies.push(`hung: promises still pending after ${HANG_TURNS} immediate turns`);
  };

  const watch = watchProcess();
  try {
    for (const step of program.steps) {
      switch (step.kind) {
        case 'subscribe':
          subscribe(step);
          break;
        case 'unsubscribe':
          pick(unsubscribers, step.target)?.();
          break;
        case 'abort':
          controllers[step.controller]?.abort();
          break;
        case 'use':
          use(step.naming, step.behaviour);
          break;
        case 'remove':
          pick(removers, step.target)?.();
          break;
        case 'dispatch': {
          const dispatchSerial = ++serial;
          const value = eventFor(step.target, step.payloadless, dispatchSerial);
          try {
            dispatch(bus, path.method, step.target, value, dispatchSerial);
          } catch (error) {
            anomalies.push(`root ${path.method} of ${step.target} ${labelOf(value)} threw ${errorLabelOf(error)}`);
          }
          trace.push({ returned: `${path.method} ${step.target}` });
          await drain();
          break;
        }
      }
    }
    await drain();
    for (const label of unsettled.values()) anomalies.push(`publish ${label} never settled`);
  } finally {
    await watch.stop();
  }
  for (const reason of watch.unhandled) anomalies.push(`unhandled rejection: ${errorLabelOf(reason)}`);
  for (const parts of watch.logged)
    if (!isHubbubLog(parts)) anomalies.push(`console.error without [hubbub]: ${parts.map(String).join(' ')}`);
  return {
    trace,
    reports: [...reports.values()].sort((first, second) => first.serial - second.serial),
    observed,
    published: path.testBus ? (bus as TestBus<EventMap>).published.map((record) => `${record.type} ${labelOf(record.event)}`) : [],
    last: STICKY_TYPES.map((type) => {
      const key = type === 'Base' ? Base : type === 'Child' ? Child : type;
      return `${type} ${labelOf(typeof key === 'string' ? bus.last(key) : bus.last(key))}`;
    }),
    logged: watch.logged.length,
    anomalies,
  };
};

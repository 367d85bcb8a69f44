import { argumentError, checkBus } from '../async/arguments';
import type { Bus } from '../core/bus';
import { inspect } from '../core/inspect';
import type { PublishReport } from '../core/types';
import { revive } from '../devtools/revive';
import type { EventRegistry } from '../registry/create-registry';
import { nextMacrotask } from './next-macrotask';

/**
 * One recorded event to publish again: what the DevTools panel's "Copy as test" writes.
 *
 * @example
 * const step: RecordedStep = { type: 'ProductReviewed', version: 1, payload: { sku: 'tea', stars: 5, text: 'Nice' } }
 */
export interface RecordedStep {
  readonly type: string;
  /** The type's version in the page's registry when it was recorded: the registry upcasts older payloads. */
  readonly version?: number;
  /** The payload as recorded: JSON, with `$hubbub` markers for dates, Maps, class instances... */
  readonly payload: unknown;
}

/**
 * An event published because of a replayed one (by its handlers, or theirs).
 *
 * @example
 * const followUp: FollowUp = { type: 'PaymentProcessed', payload: { orderId: 'o-1' } }
 */
export interface FollowUp {
  readonly type: string;
  readonly payload: unknown;
}

/**
 * A handler that threw or rejected while a replayed event (or a follow-up) was handled.
 *
 * @example
 * const failure: HandlerFailure = { eventType: 'OrderPlaced', label: 'analytics', message: 'over the limit' }
 */
export interface HandlerFailure {
  readonly eventType: string;
  readonly label: string;
  readonly message: string;
}

/**
 * What one replayed step led to. `blockedBy`/`blockReason` only when a middleware blocked it.
 *
 * @example
 * expect(steps[0]).toEqual({ type: 'OrderPlaced', followUps: [{ type: 'PaymentProcessed', payload: expect.anything() }], failures: [] })
 */
export interface ReplayedStep {
  readonly type: string;
  readonly blockedBy?: string;
  readonly blockReason?: string;
  /** In the order they were published. */
  readonly followUps: FollowUp[];
  /** Event by event (the replayed one first), each in the order its handlers ran. */
  readonly failures: HandlerFailure[];
}

/**
 * Options of {@link replayRecording}.
 *
 * @example
 * await replayRecording(bus, recording, { registry, settle: () => vi.runAllTimersAsync() })
 */
export interface ReplayOptions {
  /** Decodes the types it defines (upcast from the recorded version, validated, classes rebuilt). */
  registry?: Pick<EventRegistry, 'has' | 'versionOf' | 'decode'> | undefined;
  /**
   * Runs after each step's publish, and should resolve once what it set off is done, e.g.
   * `() => vi.runAllTimersAsync()` under fake timers, for the timers the step started. Default:
   * waits one macrotask (its handlers' promise chains and `setTimeout(0)`s); under fake timers,
   * it advances their clock by 0 ms instead, so it never waits for the test to advance them.
   */
  settle?: (() => unknown) | undefined;
}

/** Throws the TypeError naming what is wrong with the arguments, before anything is replayed. */
const checkArguments = (bus: unknown, steps: unknown, options: ReplayOptions): void => {
  const where = 'replayRecording(bus, steps)';
  checkBus(where, bus);
  if (!Array.isArray(steps)) throw argumentError(where, 'steps', 'an array of { type, payload, version? }', steps);
  for (const [index, step] of steps.entries()) {
    if (typeof (step as Partial<RecordedStep> | null | undefined)?.type !== 'string') {
      throw argumentError(
        where,
        `step ${index}`,
        '{ type: string, payload, version? }, as the DevTools panel\'s "Copy as test" writes it',
        step,
      );
    }
  }
  const { registry, settle } = options;
  const withOptions = 'replayRecording(bus, steps, options)';
  if (
    registry !== undefined &&
    !['has', 'versionOf', 'decode'].every((method) => typeof (registry as Record<string, unknown>)?.[method] === 'function')
  ) {
    throw argumentError(withOptions, 'options.registry', 'a registry from createRegistry()', registry);
  }
  if (settle !== undefined && typeof settle !== 'function') throw argumentError(withOptions, 'options.settle', 'a function', settle);
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Publishes recorded events again, one step at a time, and reports what each led to: the events
 * published because of it (same correlation) and the handlers that failed. The DevTools panel's
 * "Copy as test" writes a test around it; the app's handlers must be attached to `bus` first.
 * Payload markers are revived (dates, Maps, Sets, bigints; class instances become their fields);
 * types the registry defines are decoded at their recorded version (one that fails rejects with
 * its `EventDecodeError`); a class event the registry does not define, or a payload with a marker
 * of lost data (redacted, truncated...), rejects with a TypeError naming the step and the fix, and
 * so does a step that is no `{ type, payload }` (checked before the first step is replayed).
 *
 * @example
 * vi.useFakeTimers()
 * const bus = createTestBus()
 * attachShop(bus)
 * const steps = await replayRecording(bus, [{ type: 'cart/itemAdded', payload: { sku: 'tea' } }], { settle: () => vi.runAllTimersAsync() })
 * expect(steps).toEqual([{ type: 'cart/itemAdded', followUps: [], failures: [] }])
 */
export const replayRecording = async (bus: Bus, steps: readonly RecordedStep[], options: ReplayOptions = {}): Promise<ReplayedStep[]> => {
  checkArguments(bus, steps, options ?? {});
  const { registry, settle = () => nextMacrotask('replayRecording') } = options ?? {};
  const events: { readonly id: string; readonly correlationId: string; readonly type: string; readonly payload: unknown }[] = [];
  const failures = new Map<string, HandlerFailure[]>();
  const detach = inspect(bus, (o) => {
    if (o.kind === 'event') events.push({ id: o.meta.id, correlationId: o.meta.correlationId, type: o.meta.type, payload: o.event });
    else if (o.kind === 'handler-end' && o.outcome === 'error') {
      const type = events.findLast((e) => e.id === o.eventId)?.type ?? '';
      const list = failures.get(o.eventId) ?? [];
      list.push({ eventType: type, label: o.subscription.label, message: messageOf(o.error) });
      failures.set(o.eventId, list);
    }
  });
  const results: ReplayedStep[] = [];
  try {
    for (const [index, step] of steps.entries()) {
      events.length = 0;
      failures.clear();
      const report = await publishStep(bus, step, index, registry);
      await settle();
      const caused = events.filter((e) => e.correlationId === report.id);
      results.push({
        type: step.type,
        ...(report.blockedBy === undefined ? {} : { blockedBy: report.blockedBy }),
        ...(report.blockReason === undefined ? {} : { blockReason: report.blockReason }),
        followUps: caused.filter((e) => e.id !== report.id).map(({ type, payload }) => ({ type, payload })),
        failures: caused.flatMap((e) => failures.get(e.id) ?? []),
      });
    }
  } finally {
    detach();
  }
  return results;
};

const publishStep = async (bus: Bus, step: RecordedStep, index: number, registry: ReplayOptions['registry']): Promise<PublishReport> => {
  const where = `replayRecording: step ${index} ("${step.type}")`;
  const revived = revive(step.payload);
  if (!revived.ok) throw new TypeError(`[hubbub] ${where}: ${revived.reason}.`);
  if (registry?.has(step.type)) {
    const decoded = await registry.decode({ type: step.type, version: step.version ?? registry.versionOf(step.type), data: revived.value });
    return typeof decoded.key === 'string' ? bus.publish(decoded.key, decoded.event) : bus.publish(decoded.event as object);
  }
  if (isInstanceMarker(step.payload)) {
    throw new TypeError(
      `[hubbub] ${where}: it is a class event, and only a registry can rebuild it. Pass replayRecording(bus, steps, { registry }) with registry.define(${step.type}).`,
    );
  }
  return bus.publish(step.type, revived.value);
};

const isInstanceMarker = (payload: unknown): boolean =>
  typeof payload === 'object' && payload !== null && (payload as { $hubbub?: unknown }).$hubbub === 'instance';

import type { EventClass, MatchedPattern, Pattern, PayloadsMatching } from '../../core/types';
import type { LeftOutSummary } from '../../devtools/protocol';
import type { StringKey } from '../../index';
import type { RecordedStep, ReplayedStep } from '../recording';
import type {
  RecordedClassEvent,
  RecordedEntry,
  RecordedEvent,
  RecordedHandlerError,
  RecordedInstance,
  RecordedMiddleware,
} from './records';
import type { RecorderReplayOptions } from './replay';

/**
 * How long a recorder's waits, dispatches and replay steps may take unless told otherwise, in ms.
 *
 * @example
 * const { timeout = DEFAULT_TIMEOUT_MS } = options
 */
export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Options of {@link recordBus}.
 *
 * @example
 * const recorder = await recordBus(page, { bus: 'shop', timeout: 10_000 })
 */
export interface RecordBusOptions {
  /** Record only the bus with this name or id (default: every bus on the page). */
  bus?: string | undefined;
  /** Default timeout of the `waitFor*` methods, in ms. Default 5000. */
  timeout?: number | undefined;
}

/**
 * Options of the recorder's `waitFor*` methods.
 *
 * @example
 * await recorder.waitFor('cart/added', { where: (e) => e.payload.qty > 1, timeout: 2000 })
 */
export interface WaitForOptions<T> {
  /** Only resolve for a record that satisfies this. */
  where?: ((record: T) => boolean) | undefined;
  /** Milliseconds before rejecting. Default: the recorder's timeout (5000). */
  timeout?: number | undefined;
}

/**
 * The outcome of {@link BusRecorder.dispatch}.
 *
 * @example
 * const result = await recorder.dispatch('cart/cleared', {}); if (!result.ok) throw new Error(result.reason)
 */
export type RecordedDispatch = { readonly ok: true; readonly eventId: string } | { readonly ok: false; readonly reason: string };

/**
 * What {@link recordBus} returns: the page's devtools stream, recorded in arrival order. It keeps
 * everything it records in memory (each event about twice: in `events` and in `entries`) until
 * `clear()`: for a page that streams without end (a ticker, polling), call `clear()` between
 * steps, or record only the bus you assert on with `recordBus(page, { bus })`.
 *
 * @example
 * const recorder: BusRecorder<Events> = await recordBus<Events>(page)
 * expect(recorder.events.map((e) => e.type)).toContain('order/placed')
 */
// biome-ignore lint/suspicious/noExplicitAny: without an Events map, payloads are read freely in assertions
export interface BusRecorder<E extends object = Record<string, any>> {
  /** Every event published (emit and publish, blocked ones included), in order. */
  readonly events: RecordedEvent<E[StringKey<E>]>[];
  /** Every handler that threw or rejected. */
  readonly errors: RecordedHandlerError[];
  /** Every middleware decision (passed, transformed, blocked, threw). */
  readonly middleware: RecordedMiddleware[];
  /** Everything streamed: events, middleware, handler runs, dispatch summaries, subscriptions, storms, sagas, warnings. */
  readonly entries: RecordedEntry[];
  /** The buses that said hello (several per page are possible; a reload adds new sessions). */
  readonly instances: RecordedInstance[];
  /**
   * What the page's recording controls (`allow`/`deny`/`sample`/`maxPerSecond`) left out, per bus
   * name (or id), as the page last reported it.
   *
   * @example
   * expect(recorder.leftOut.get('shop')?.total).toBe(2)
   */
  readonly leftOut: ReadonlyMap<string, LeftOutSummary>;
  /**
   * Resolves with the first recorded event (already recorded or still to come) of `key` that
   * matches `where`; rejects after `timeout` with what was recorded instead, at once when the
   * recorder was stopped or its page closed, and with the error of a `where` that throws. `key`
   * is taken as `waitForEvent` takes it: an event type, a pattern (`'cart/*'`: one segment,
   * `'cart/**'`: one or more), `'*'` for any event, or an event class (events of its type; the
   * recorder cannot know subclasses). With an Events map, keys and patterns are checked against it.
   *
   * @example
   * const placed = await recorder.waitFor('order/placed', { where: (e) => e.payload.total > 0 })
   * const anyCart = await recorder.waitFor('cart/*')
   * const order = await recorder.waitFor(OrderPlaced) // payload: { $hubbub: 'instance', className, fields }
   * const box = await recorder.waitFor<Box<string>>(Box) // a generic class: name its type argument (else Box<any>)
   */
  waitFor<K extends StringKey<E>>(type: K, options?: WaitForOptions<RecordedEvent<E[K]>>): Promise<RecordedEvent<E[K]>>;
  waitFor(key: '*', options?: WaitForOptions<RecordedEvent>): Promise<RecordedEvent>;
  waitFor<P extends Pattern>(
    pattern: MatchedPattern<E, P>,
    options?: WaitForOptions<RecordedEvent<PayloadsMatching<E, P>>>,
  ): Promise<RecordedEvent<PayloadsMatching<E, P>>>;
  waitFor<T extends object>(
    eventClass: EventClass<T>,
    options?: WaitForOptions<RecordedEvent<T, RecordedClassEvent<T>>>,
  ): Promise<RecordedEvent<T, RecordedClassEvent<T>>>;
  /**
   * Resolves with the first handler error (recorded or to come) that matches `where`.
   *
   * @example
   * const failure = await recorder.waitForError({ where: (e) => e.label === 'sendReceipt' })
   * expect(failure.message).toContain('SMTP')
   */
  waitForError(options?: WaitForOptions<RecordedHandlerError>): Promise<RecordedHandlerError>;
  /**
   * Resolves with the first middleware decision (recorded or to come) that matches `where`.
   *
   * @example
   * await recorder.waitForMiddleware({ where: (m) => m.name === 'auth' && m.decision === 'blocked' })
   */
  waitForMiddleware(options?: WaitForOptions<RecordedMiddleware>): Promise<RecordedMiddleware>;
  /**
   * Resolves with the first stream entry (recorded or to come) that matches `where`.
   *
   * @example
   * await recorder.waitForEntry({ where: (e) => e.type === 'storm' })
   */
  waitForEntry(options?: WaitForOptions<RecordedEntry>): Promise<RecordedEntry>;
  /**
   * Publishes an event on the page's bus through the devtools protocol, as the panel does. The
   * page must have passed `connectDevtools(bus, { allowDispatch: true })`; otherwise resolves
   * with `{ ok: false, reason }`. The event is recorded with `replayed: true`. `bus` (name or id;
   * default: the recorder's) picks the bus, in any frame; without one, a page with several buses
   * (in any of its frames) is refused (the event would be published on each). `eventVersion`:
   * the version the payload was recorded at, for a type the page's registry defines (it upcasts it).
   *
   * @example
   * const result = await recorder.dispatch('cart/cleared', {})
   * await recorder.dispatch('ProductReviewed', { sku: 'tea', stars: 5, text: 'Nice' }, { mode: 'replay', eventVersion: 1 })
   */
  dispatch(
    type: string,
    payload?: unknown,
    options?: {
      bus?: string | undefined;
      mode?: 'dispatch' | 'replay' | undefined;
      timeout?: number | undefined;
      eventVersion?: number | undefined;
    },
  ): Promise<RecordedDispatch>;
  /**
   * Replays recorded steps (what the DevTools panel's "Copy as test" writes) into the page, one at
   * a time, as the panel's replay does (the page must allow dispatch; types its registry defines
   * are upcast from their recorded version), and reports what each led to: the events of its
   * correlation and the handlers that failed, the same shape as `replayRecording` in
   * 'hubbub/testing'. A step is done once no event of its correlation came for `quietMs`.
   *
   * @example
   * const steps = await recorder.replay([{ type: 'cart/itemAdded', payload: { sku: 'tea' } }])
   * expect(steps).toEqual([{ type: 'cart/itemAdded', followUps: [], failures: [] }])
   */
  replay(steps: readonly RecordedStep[], options?: RecorderReplayOptions): Promise<ReplayedStep[]>;
  /** Forgets the events, entries, errors and decisions recorded so far; the buses it knows (`instances`) and `leftOut` stay, and the page keeps running. */
  clear(): void;
  /**
   * Stops recording and tells the page's buses (in every frame, and in documents loaded later) to
   * stop streaming to it. What was recorded stays readable; waits that find nothing reject at once.
   * Calling it again does nothing.
   */
  stop(): Promise<void>;
}

import type { Page } from '@playwright/test';
import {
  checkPageMessage,
  type LeftOutSummary,
  PANEL_SOURCE,
  type PageMessage,
  type PanelMessage,
  PROTOCOL_VERSION,
  readBatch,
  readLeftOut,
} from '../../devtools/protocol';
import { createStreamReader, eventKey } from '../../devtools/stream-reader';
import type { EventMap, StringKey } from '../../index';
import type { RecordedStep, ReplayedStep } from '../recording';
import { pageScript, postScript } from './page-script';
import type { RecordedEntry, RecordedEvent, RecordedHandlerError, RecordedInstance, RecordedMiddleware, RecordedOrigin } from './records';
import { type RecorderReplayOptions, replaySteps } from './replay';
import { createWaiters } from './waiters';

/**
 * Options of {@link recordBus}.
 *
 * @example
 * const recorder = await recordBus(page, { bus: 'shop', timeout: 10_000 })
 */
export interface RecordBusOptions {
  /** Record only the bus with this name or id (default: every bus on the page). */
  bus?: string;
  /** Default timeout of the `waitFor*` methods, in ms. Default 5000. */
  timeout?: number;
}

/**
 * Options of the recorder's `waitFor*` methods.
 *
 * @example
 * await recorder.waitFor('cart/added', { where: (e) => e.payload.qty > 1, timeout: 2000 })
 */
export interface WaitForOptions<T> {
  /** Only resolve for a record that satisfies this. */
  where?: (record: T) => boolean;
  /** Milliseconds before rejecting. Default: the recorder's timeout (5000). */
  timeout?: number;
}

/**
 * The outcome of {@link BusRecorder.dispatch}.
 *
 * @example
 * const result = await recorder.dispatch('cart/cleared', {}); if (!result.ok) throw new Error(result.reason)
 */
export type RecordedDispatch = { readonly ok: true; readonly eventId: string } | { readonly ok: false; readonly reason: string };

/**
 * What {@link recordBus} returns: the page's devtools stream, recorded in arrival order.
 *
 * @example
 * const recorder: BusRecorder<Events> = await recordBus<Events>(page)
 * expect(recorder.events.map((e) => e.type)).toContain('order/placed')
 */
// biome-ignore lint/suspicious/noExplicitAny: without an Events map, payloads are read freely in assertions
export interface BusRecorder<E extends EventMap = Record<string, any>> {
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
   * Resolves with the first recorded event of `type` (already recorded or still to come) that
   * matches `where`; rejects after `timeout` with what was recorded instead.
   *
   * @example
   * const placed = await recorder.waitFor('order/placed', { where: (e) => e.payload.total > 0 })
   */
  waitFor<K extends StringKey<E>>(type: K, options?: WaitForOptions<RecordedEvent<E[K]>>): Promise<RecordedEvent<E[K]>>;
  waitFor(type: string, options?: WaitForOptions<RecordedEvent>): Promise<RecordedEvent>;
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
   * with `{ ok: false, reason }`. The event is recorded with `replayed: true`. `eventVersion`: the
   * version the payload was recorded at, for a type the page's registry defines (it upcasts it).
   *
   * @example
   * const result = await recorder.dispatch('cart/cleared', {})
   * await recorder.dispatch('ProductReviewed', { sku: 'tea', stars: 5, text: 'Nice' }, { mode: 'replay', eventVersion: 1 })
   */
  dispatch(
    type: string,
    payload?: unknown,
    options?: { bus?: string; mode?: 'dispatch' | 'replay'; timeout?: number; eventVersion?: number },
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
  /** Forgets everything recorded so far (the page keeps running). */
  clear(): void;
  /** Stops recording and tells the page's buses to stop streaming. */
  stop(): Promise<void>;
}

let recorders = 0;

const count = (types: readonly string[]): string => {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', ') || 'none';
};

/**
 * Records the Hubbub devtools stream of a Playwright page, acting as a panel over the same
 * protocol: call it before `page.goto` (it connects on every navigation) or after (the page's
 * buffer of what happened earlier is flushed to it). The page must call `connectDevtools(bus)`
 * (it is on by default outside production builds).
 *
 * @example
 * const recorder = await recordBus(page)
 * await page.goto('/shop')
 * await page.getByRole('button', { name: 'Buy' }).click()
 * const order = await recorder.waitFor('order/placed', { where: (e) => e.payload.sku === 'tea' })
 * expect(recorder.errors).toEqual([])
 * expect(recorder.middleware.find((m) => m.decision === 'blocked')?.name).toBe('auth')
 */
// biome-ignore lint/suspicious/noExplicitAny: see BusRecorder
export const recordBus = async <E extends EventMap = Record<string, any>>(
  page: Page,
  options: RecordBusOptions = {},
): Promise<BusRecorder<E>> => {
  const { bus, timeout: defaultTimeout = 5000 } = options;
  const binding = `__hubbubRecorder${++recorders}_${Math.random().toString(36).slice(2, 8)}`;
  const events: RecordedEvent[] = [];
  const errors: RecordedHandlerError[] = [];
  const middleware: RecordedMiddleware[] = [];
  const entries: RecordedEntry[] = [];
  const instances: RecordedInstance[] = [];
  const names = new Map<string, string>();
  const dispatchResults = new Map<string, RecordedDispatch>();
  const leftOut = new Map<string, LeftOutSummary>();
  /** The same reader as the panel's: skips the history a page re-sends to each viewer, takes late entries that fill a gap. */
  const reader = createStreamReader();
  const waiters = createWaiters();
  let stopped = false;

  const wanted = (instanceId: string) => bus === undefined || bus === instanceId || bus === names.get(instanceId);

  const readEntries = (message: Extract<PageMessage, { kind: 'batch' }>, origin: RecordedOrigin) => {
    const streamKey = `${message.instanceId}/${message.sessionId}`;
    const { fresh } = reader.read(streamKey, readBatch(message) ?? []);
    const eventTypeOf = (eventId: string) => reader.event(eventKey(streamKey, eventId))?.eventType ?? '';
    for (const entry of fresh) {
      entries.push({ ...entry, ...origin });
      switch (entry.type) {
        case 'event': {
          const { type: _type, eventType, payload, ...event } = entry;
          events.push({ ...event, type: eventType, payload, raw: payload, ...origin });
          break;
        }
        case 'handler': {
          if (entry.outcome !== 'error') break;
          const { type: _type, seq: _seq, outcome: _outcome, error = { name: 'Error', message: '' }, ...run } = entry;
          errors.push({ ...run, eventType: eventTypeOf(entry.eventId), name: error.name, message: error.message, error, ...origin });
          break;
        }
        case 'middleware': {
          const { type: _type, seq: _seq, ...decision } = entry;
          middleware.push({ ...decision, eventType: eventTypeOf(entry.eventId), ...origin });
          break;
        }
      }
    }
  };

  const receive = (raw: unknown) => {
    if (stopped) return;
    const checked = checkPageMessage(raw);
    if (!checked.ok) return;
    const message: PageMessage = checked.message;
    if (message.kind === 'hello') {
      names.set(message.instanceId, message.instance.name);
      if (wanted(message.instanceId) && !instances.some((i) => i.id === message.instanceId && i.sessionId === message.sessionId)) {
        instances.push({ ...message.instance, sessionId: message.sessionId });
      }
    }
    if (!wanted(message.instanceId)) return;
    const origin: RecordedOrigin = {
      instanceId: message.instanceId,
      busName: names.get(message.instanceId) ?? '',
      sessionId: message.sessionId,
    };
    if (message.kind === 'batch') {
      readEntries(message, origin);
      const summary = readLeftOut(message);
      if (summary) leftOut.set(origin.busName || message.instanceId, summary);
    }
    if (message.kind === 'dispatch-result') {
      dispatchResults.set(message.requestId, message.ok ? { ok: true, eventId: message.eventId } : { ok: false, reason: message.reason });
    }
    waiters.recheck();
  };

  const post = (message: PanelMessage) => page.evaluate(postScript(message));
  const hint = () =>
    instances.length === 0
      ? ' No bus said hello: call connectDevtools(bus) in the page (it is off in production builds unless enabled: true).'
      : '';

  await page.exposeBinding(binding, (_source, message: unknown) => receive(message));
  const script = pageScript(binding);
  await page.addInitScript({ content: script });
  // A navigation racing this call destroys the current document; the init script covers the next one.
  await page.evaluate(script).catch((error: unknown) => {
    if (!/context was destroyed|navigat/i.test(String(error))) throw error;
  });

  const recorder: BusRecorder = {
    events,
    errors,
    middleware,
    entries,
    instances,
    leftOut,
    waitFor(type: string, { where, timeout = defaultTimeout }: WaitForOptions<RecordedEvent> = {}) {
      return waiters.wait(
        () => events.find((e) => e.type === type && (!where || where(e))),
        timeout,
        () =>
          `[hubbub] recordBus: no "${type}" event${where ? ' matching where()' : ''} within ${timeout} ms. ` +
          `Recorded: ${count(events.map((e) => e.type))}.${hint()}`,
      );
    },
    waitForError({ where, timeout = defaultTimeout } = {}) {
      return waiters.wait(
        () => errors.find((e) => !where || where(e)),
        timeout,
        () =>
          `[hubbub] recordBus: no handler error${where ? ' matching where()' : ''} within ${timeout} ms. Errors recorded: ${errors.length}.${hint()}`,
      );
    },
    waitForMiddleware({ where, timeout = defaultTimeout } = {}) {
      return waiters.wait(
        () => middleware.find((m) => !where || where(m)),
        timeout,
        () =>
          `[hubbub] recordBus: no middleware decision${where ? ' matching where()' : ''} within ${timeout} ms. ` +
          `Recorded: ${count(middleware.map((m) => `${m.name}:${m.decision}`))}.${hint()}`,
      );
    },
    waitForEntry({ where, timeout = defaultTimeout } = {}) {
      return waiters.wait(
        () => entries.find((e) => !where || where(e)),
        timeout,
        () =>
          `[hubbub] recordBus: no stream entry${where ? ' matching where()' : ''} within ${timeout} ms. Recorded: ${count(entries.map((e) => e.type))}.${hint()}`,
      );
    },
    async dispatch(type, payload, { bus: target = bus, mode = 'dispatch', timeout = defaultTimeout, eventVersion } = {}) {
      const requestId = `${binding}-${Math.random().toString(36).slice(2, 10)}`;
      // A page that just loaded may not have said hello yet: wait for its bus (the newest session of it).
      const instance = await waiters.wait(
        () => instances.findLast((i) => target === undefined || i.id === target || i.name === target),
        timeout,
        () =>
          `[hubbub] recordBus.dispatch("${type}"): no bus${target === undefined ? '' : ` named "${target}"`} said hello within ${timeout} ms.${hint()}`,
      );
      const instanceId = target === undefined ? undefined : instance.id;
      const base = {
        source: PANEL_SOURCE,
        version: PROTOCOL_VERSION,
        kind: 'dispatch',
        requestId,
        eventType: type,
        payload,
        mode,
        ...(eventVersion === undefined ? {} : { eventVersion }),
      } as const;
      await post(instanceId === undefined ? base : { ...base, instanceId });
      return waiters.wait(
        () => dispatchResults.get(requestId),
        timeout,
        () => `[hubbub] recordBus.dispatch("${type}"): the page did not answer within ${timeout} ms.${hint()}`,
      );
    },
    replay(steps, replayOptions = {}) {
      return replaySteps(recorder, steps, { timeout: defaultTimeout, ...(bus === undefined ? {} : { bus }), ...replayOptions });
    },
    clear() {
      for (const list of [events, errors, middleware, entries]) list.length = 0;
      reader.forgetEvents();
    },
    async stop() {
      stopped = true;
      await post({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'disconnect', viewer: binding }).catch(() => {});
    },
  };
  return recorder as unknown as BusRecorder<E>;
};

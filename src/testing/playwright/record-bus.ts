import type { Frame, Page } from '@playwright/test';
import { eventTypeOf } from '../../core/event-type';
import { keyMatcher } from '../../core/patterns';
import type { EventClass, KeysMatching, MatchedPattern, Pattern } from '../../core/types';
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
import { documentIdScript, pageScript, postScript } from './page-script';
import type { RecordedEntry, RecordedEvent, RecordedHandlerError, RecordedInstance, RecordedMiddleware, RecordedOrigin } from './records';
import { type RecorderReplayOptions, replaySteps } from './replay';
import { createWaiters, type Explain } from './waiters';

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
   */
  waitFor<K extends StringKey<E>>(type: K, options?: WaitForOptions<RecordedEvent<E[K]>>): Promise<RecordedEvent<E[K]>>;
  waitFor(key: '*', options?: WaitForOptions<RecordedEvent>): Promise<RecordedEvent>;
  waitFor<P extends Pattern>(
    pattern: MatchedPattern<E, P>,
    options?: WaitForOptions<RecordedEvent<E[KeysMatching<E, P>]>>,
  ): Promise<RecordedEvent<E[KeysMatching<E, P>]>>;
  waitFor(eventClass: EventClass, options?: WaitForOptions<RecordedEvent>): Promise<RecordedEvent>;
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
   * default: the recorder's) picks the bus, in any frame; without one, a page whose current
   * document has several buses is refused (the event would be published on each). `eventVersion`:
   * the version the payload was recorded at, for a type the page's registry defines (it upcasts it).
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
  /**
   * Stops recording and tells the page's buses (in every frame, and in documents loaded later) to
   * stop streaming to it. What was recorded stays readable; waits that find nothing reject at once.
   * Calling it again does nothing.
   */
  stop(): Promise<void>;
}

let recorders = 0;

const count = (types: readonly string[]): string => {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', ') || 'none';
};

const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** A `where` whose error names the wait it belongs to (it rejects that wait, not the recorder). */
const guarded = <T>(where: ((record: T) => boolean) | undefined, wait: string): ((record: T) => boolean) => {
  if (!where) return () => true;
  return (record) => {
    try {
      return where(record);
    } catch (error) {
      throw new Error(`[hubbub] where() of ${wait} threw: ${describeError(error)}`, { cause: error });
    }
  };
};

/** The event types a `waitFor` key stands for, and its name for messages. */
const eventKeyOf = (key: unknown): { name: string; matches: (type: string) => boolean } => {
  if (key === '*') return { name: '*', matches: () => true };
  if (typeof key === 'string') return { name: key, matches: keyMatcher(key) };
  if (typeof key === 'function') {
    const name = eventTypeOf(key as EventClass);
    return { name, matches: (type) => type === name };
  }
  throw new TypeError(`[hubbub] recorder.waitFor(key): key must be an event type, a pattern, '*' or an event class; got ${typeof key}.`);
};

/** Playwright's error for a frame that navigated or went away while the script was being added: the init script covers what comes next. */
const isGoneFrame = (error: unknown) => /context was destroyed|navigat|detached|closed/i.test(String(error));

/** A bus that said hello, in a frame and document that were current then. */
interface LiveBus {
  readonly instance: RecordedInstance;
  readonly frame: Frame | undefined;
  readonly documentId: unknown;
}

/**
 * Records the Hubbub devtools stream of a Playwright page, acting as a panel over the same
 * protocol: call it before `page.goto` (it connects on every navigation) or after (the page's
 * buffer of what happened earlier is flushed to it; the page keeps its newest `maxBuffer` entries,
 * 5000 by default, and a timeout says how many it let go). The page must call
 * `connectDevtools(bus)` (it is on by default outside production builds). Buses in iframes are
 * recorded too.
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
  /** Per stream, the highest `seq` seen and how many entries arrived: the difference never reached this recorder. */
  const arrivals = new Map<string, { newest: number; received: number }>();
  /** Buses of each frame's current document, by bus id: where dispatch goes. */
  const liveBuses = new Map<string, LiveBus>();
  const documentOfFrame = new Map<Frame | undefined, string>();
  const waiters = createWaiters();
  let stopped = false;
  let ended: string | undefined;

  const wanted = (instanceId: string) => bus === undefined || bus === instanceId || bus === names.get(instanceId);

  const forgetBusesOf = (frame: Frame | undefined) => {
    for (const [id, live] of liveBuses) if (live.frame === frame) liveBuses.delete(id);
  };
  const noteDocument = (frame: Frame | undefined, documentId: unknown) => {
    if (typeof documentId !== 'string' || documentOfFrame.get(frame) === documentId) return;
    documentOfFrame.set(frame, documentId);
    forgetBusesOf(frame);
  };

  const readEntries = (message: Extract<PageMessage, { kind: 'batch' }>, origin: RecordedOrigin) => {
    const streamKey = `${message.instanceId}/${message.sessionId}`;
    const { fresh } = reader.read(streamKey, readBatch(message) ?? []);
    const arrived = arrivals.get(streamKey) ?? { newest: 0, received: 0 };
    arrivals.set(streamKey, arrived);
    const eventTypeOf = (eventId: string) => reader.event(eventKey(streamKey, eventId))?.eventType ?? '';
    for (const entry of fresh) {
      arrived.received++;
      arrived.newest = Math.max(arrived.newest, entry.seq);
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

  const receive = (raw: unknown, frame: Frame | undefined, documentId: unknown): boolean => {
    if (stopped) return false;
    const checked = checkPageMessage(raw);
    if (!checked.ok) return true;
    const message: PageMessage = checked.message;
    noteDocument(frame, documentId);
    if (message.kind === 'hello') {
      names.set(message.instanceId, message.instance.name);
      liveBuses.set(message.instanceId, { instance: { ...message.instance, sessionId: message.sessionId }, frame, documentId });
      if (wanted(message.instanceId) && !instances.some((i) => i.id === message.instanceId && i.sessionId === message.sessionId)) {
        instances.push({ ...message.instance, sessionId: message.sessionId });
      }
    }
    if (message.kind === 'goodbye') liveBuses.delete(message.instanceId);
    // Answers come from whichever bus a dispatch named, recorded or not.
    if (message.kind === 'dispatch-result') {
      dispatchResults.set(message.requestId, message.ok ? { ok: true, eventId: message.eventId } : { ok: false, reason: message.reason });
    }
    if (message.kind === 'batch' && wanted(message.instanceId)) {
      const origin: RecordedOrigin = {
        instanceId: message.instanceId,
        busName: names.get(message.instanceId) ?? '',
        sessionId: message.sessionId,
      };
      readEntries(message, origin);
      const summary = readLeftOut(message);
      if (summary) leftOut.set(origin.busName || message.instanceId, summary);
    }
    waiters.recheck();
    return true;
  };

  const post = (message: PanelMessage, frame?: Frame) => (frame ?? page).evaluate(postScript(message));
  const quoted = (values: Iterable<string>) => [...new Set(values)].map((value) => `"${value}"`).join(', ');
  /** What the recorder knows that explains a wait that found nothing. */
  const hint = () => {
    let text = '';
    if (names.size === 0) {
      text += ' No bus said hello: call connectDevtools(bus) in the page (it is off in production builds unless enabled: true).';
    } else if (instances.length === 0) {
      text += ` No bus named "${bus}" said hello; the page's buses: ${quoted(names.values())}.`;
    }
    let missed = 0;
    for (const { newest, received } of arrivals.values()) missed += newest - received;
    if (missed > 0) {
      text +=
        ` ${missed} entries of the page's stream never reached this recorder: the page let them go before it connected` +
        " (connectDevtools' maxBuffer, default 5000). Call recordBus before page.goto to record every one.";
    }
    return text;
  };
  /** A wait's rejection message: why it ended (or that it timed out), what was recorded instead, and what may explain it. */
  const failure =
    (what: string, timeout: number, recorded: () => string): Explain =>
    (endedBecause) =>
      endedBecause === undefined
        ? `[hubbub] ${what} within ${timeout} ms. ${recorded()}${hint()}`
        : `[hubbub] ${what}: ${endedBecause}. ${recorded()}`;

  const end = (reason: string) => {
    ended ??= reason;
    waiters.end(reason);
  };
  page.on('close', () => {
    liveBuses.clear();
    end('the page was closed');
  });
  page.on('framedetached', (frame) => {
    documentOfFrame.delete(frame);
    forgetBusesOf(frame);
  });

  await page.exposeBinding(binding, (source: { frame?: Frame }, message: unknown, documentId: unknown) =>
    receive(message, source.frame, documentId),
  );
  const script = pageScript(binding);
  // Recent Playwright returns a Disposable (stop() removes the script); older versions in the peer
  // range return nothing, and the script then goes quiet when the binding answers false.
  const installed: { dispose?: () => Promise<void> } | undefined = await page.addInitScript({ content: script });
  // Documents already loaded (the page and its iframes) get the script now; the init script covers later ones.
  await Promise.all(
    page.frames().map((frame) =>
      frame.evaluate(script).catch((error: unknown) => {
        if (!isGoneFrame(error)) throw error;
      }),
    ),
  );

  /** The bus a dispatch goes to, once it said hello; throws when the choice is ambiguous. */
  const busToDispatchOn = (type: string, target: string | undefined): LiveBus | undefined => {
    const candidates = [...liveBuses.values()].filter(
      (live) => target === undefined || live.instance.id === target || live.instance.name === target,
    );
    if (target === undefined && candidates.length > 1) {
      throw new Error(
        `[hubbub] recordBus.dispatch("${type}"): the page has several buses (${quoted(candidates.map((live) => live.instance.name))}); ` +
          `pass { bus: 'name' } to pick one (or recordBus(page, { bus })).`,
      );
    }
    return candidates.at(-1);
  };

  const recorder: BusRecorder = {
    events,
    errors,
    middleware,
    entries,
    instances,
    leftOut,
    waitFor(key: unknown, { where, timeout = defaultTimeout }: WaitForOptions<RecordedEvent> = {}) {
      let typeKey: ReturnType<typeof eventKeyOf>;
      try {
        typeKey = eventKeyOf(key);
      } catch (error) {
        return Promise.reject(error);
      }
      const matches = guarded(where, `recorder.waitFor("${typeKey.name}")`);
      return waiters.wait(
        () => events.find((e) => typeKey.matches(e.type) && matches(e)),
        timeout,
        failure(
          `recordBus: no "${typeKey.name}" event${where ? ' matching where()' : ''}`,
          timeout,
          () => `Recorded: ${count(events.map((e) => e.type))}.`,
        ),
      );
    },
    waitForError({ where, timeout = defaultTimeout } = {}) {
      const matches = guarded(where, 'recorder.waitForError()');
      return waiters.wait(
        () => errors.find(matches),
        timeout,
        failure(`recordBus: no handler error${where ? ' matching where()' : ''}`, timeout, () => `Errors recorded: ${errors.length}.`),
      );
    },
    waitForMiddleware({ where, timeout = defaultTimeout } = {}) {
      const matches = guarded(where, 'recorder.waitForMiddleware()');
      return waiters.wait(
        () => middleware.find(matches),
        timeout,
        failure(
          `recordBus: no middleware decision${where ? ' matching where()' : ''}`,
          timeout,
          () => `Recorded: ${count(middleware.map((m) => `${m.name}:${m.decision}`))}.`,
        ),
      );
    },
    waitForEntry({ where, timeout = defaultTimeout } = {}) {
      const matches = guarded(where, 'recorder.waitForEntry()');
      return waiters.wait(
        () => entries.find(matches),
        timeout,
        failure(
          `recordBus: no stream entry${where ? ' matching where()' : ''}`,
          timeout,
          () => `Recorded: ${count(entries.map((e) => e.type))}.`,
        ),
      );
    },
    async dispatch(type, payload, { bus: target = bus, mode = 'dispatch', timeout = defaultTimeout, eventVersion } = {}) {
      if (ended !== undefined) throw new Error(`[hubbub] recordBus.dispatch("${type}"): ${ended}.`);
      const requestId = `${binding}-${Math.random().toString(36).slice(2, 10)}`;
      const deadline = Date.now() + timeout;
      let live: LiveBus;
      for (;;) {
        // A page that just loaded may not have said hello yet: wait for its bus.
        live = await waiters.wait(
          () => busToDispatchOn(type, target),
          Math.max(0, deadline - Date.now()),
          failure(`recordBus.dispatch("${type}"): no bus${target === undefined ? '' : ` named "${target}"`} said hello`, timeout, () => ''),
        );
        // A navigation that committed before the new document spoke leaves the old document's bus here: ask the frame.
        const documentNow: unknown = await (live.frame ?? page).evaluate(documentIdScript(binding)).catch(() => undefined);
        if (documentNow === live.documentId) break;
        documentOfFrame.delete(live.frame);
        forgetBusesOf(live.frame);
      }
      const message = {
        source: PANEL_SOURCE,
        version: PROTOCOL_VERSION,
        kind: 'dispatch',
        instanceId: live.instance.id,
        requestId,
        eventType: type,
        payload,
        mode,
        ...(eventVersion === undefined ? {} : { eventVersion }),
      } as const;
      await post(message, live.frame);
      return waiters.wait(
        () => dispatchResults.get(requestId),
        timeout,
        failure(`recordBus.dispatch("${type}"): the page did not answer`, timeout, () => ''),
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
      if (stopped) return;
      stopped = true;
      end('the recorder was stopped');
      const disconnect = { source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'disconnect', viewer: binding } as const;
      await Promise.all([installed?.dispose?.().catch(() => {}), ...page.frames().map((frame) => post(disconnect, frame).catch(() => {}))]);
    },
  };
  return recorder as unknown as BusRecorder<E>;
};

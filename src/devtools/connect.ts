import { randomId } from '../async/random-id';
import { releaseOnCall } from '../async/release-on-call';
import { type Bus, inspect, type Observation, subscriptionsOf } from '../index';
import { createMicrotaskBatcher, DEFAULT_BATCH_LIMITS, splitBySize } from './batching';
import { createEntryBuilder, encodeEntries, subscriptionEntry } from './entries';
import { createLeakWatch } from './leak-wiring';
import { checkOptions, type DevtoolsOptions, keyRedactor } from './options';
import { createPageChannel } from './page-channel';
import { createPanelDispatchHandler } from './panel-dispatch';
import { isProductionBuild } from './production';
import { PAGE_SOURCE, type PageMessage, type PanelMessage, PROTOCOL_VERSION, type WireEntry } from './protocol';
import { createRecordingFilter } from './recording-filter';
import { createRingBuffer } from './ring-buffer';
import { DEFAULT_LIMITS, type SerializeLimits } from './serialize';
import { clip } from './text';
import { createTraceRecorder, TRACE_WEIGHT } from './trace';

const DEFAULT_MAX_BUFFER = 5000;
/** Viewers a page counts at once (panels, floating panels, recorders): each sends its own id. */
const MAX_VIEWERS = 64;
/**
 * Average entry size (approximate JSON characters) up to which a batch travels as one JSON text.
 * postMessage's structured clone pays per object (a batch of small entries costs several times
 * more to clone than to JSON-encode) but copies strings at memory speed, while JSON escapes every
 * character: batches of big payloads travel as the entries themselves.
 */
const JSON_TEXT_MAX_AVERAGE = 1024;
/**
 * Most characters one batch may carry. Entries are weighed as they are built and split to
 * `DEFAULT_BATCH_LIMITS.maxBytes` (1 MiB); a JSON text is measured after encoding (escapes can
 * make it longer than weighed) and split again past this: far below Chrome's 64 MiB message cap.
 *
 * @example
 * expect(batch.entries.length).toBeLessThanOrEqual(MAX_BATCH_CHARACTERS)
 */
export const MAX_BATCH_CHARACTERS = 2 * DEFAULT_BATCH_LIMITS.maxBytes;
const connected = new WeakMap<object, () => void>();
/**
 * How many connected buses bear each name, in development builds: a second bus of a name is most
 * often the leftover of a hot reload, which re-ran the module that created and connected the first.
 */
const connectedNames = new Map<string, number>();
const TOO_BIG_BYTES = 300;

/**
 * The warning sent instead of an entry too big for any batch (only possible with `limits` raised
 * past the batch size): it keeps the entry's `seq`, so viewers see no gap.
 */
const tooBig = (entry: WireEntry, size: number): WireEntry => {
  const what = entry[0] === 'event' ? `The "${String(entry[3]).slice(0, 100)}" event` : `A ${entry[0]} entry`;
  return [
    'warning',
    entry[1],
    `${what} was not sent: it takes ${size} characters, more than a batch may (${DEFAULT_BATCH_LIMITS.maxBytes}). Lower connectDevtools' limits.maxBytes or limits.maxString.`,
  ];
};
const noop = () => {};

/**
 * Streams a bus's events, middleware decisions, handler runs, subscriptions, storms and saga
 * changes to the Hubbub DevTools panel over `window.postMessage` (same origin only). The last
 * `maxBuffer` entries are kept (also once streamed) and re-sent to every panel that connects, so
 * each one sees what happened before it opened.
 * Off in production builds unless `enabled: true`; when off, nothing is attached to the bus.
 * Returns the function that disconnects it. Until then the page keeps the bus alive (its window
 * listens for viewers), with its handlers and buffer, even once the app let go of it: disconnect a
 * bus you are done with (a test's, a route's). Once called, the function keeps nothing of them.
 *
 * @example
 * const bus = createBus<Events>({ name: 'shop' })
 * const disconnect = connectDevtools(bus, { redact: ['password'], allowDispatch: import.meta.env.DEV })
 * connectDevtools(otherBus, { trace: true }) // each event's Trace tab shows who published it
 */
export const connectDevtools = <E extends object>(
  bus: Bus<E>,
  options: DevtoolsOptions = {},
  /** What `enabled` left out (or undefined) means: on, except in production builds, unless the entry says. */
  enabledByDefault = !isProductionBuild(),
): (() => void) => {
  checkOptions(bus, options);
  // A spread alone would let `{ maxString: undefined }` erase a default: the gaps it left get it back.
  const limits = { ...DEFAULT_LIMITS, ...options.limits } as SerializeLimits;
  for (const key in limits) limits[key as keyof SerializeLimits] ??= DEFAULT_LIMITS[key as keyof SerializeLimits];
  // Built before the `enabled` check, so bad recording or leak options fail in every build.
  const filter = createRecordingFilter(options, limits.maxString);
  const leakWatch = createLeakWatch(options.leaks, limits.maxString, !isProductionBuild());
  const { enabled = enabledByDefault, sanitize, maxBuffer = DEFAULT_MAX_BUFFER, allowDispatch = false, registry } = options;
  if (!enabled || typeof window === 'undefined') {
    // In Node (server rendering, tests) there is no page to show, and nothing to say; a Web Worker belongs to a page that could.
    if (process.env.NODE_ENV !== 'production' && enabled && 'WorkerGlobalScope' in globalThis) {
      console.warn(
        `[hubbub] connectDevtools(bus "${bus.name}") in a Web Worker does nothing: the panel reads the page's window, which a worker has not. Connect a bus of the page instead, and bridge the events you want to see to it with connectTabs() on the same channel in the worker and in the page.`,
      );
    }
    return noop;
  }
  const existing = connected.get(bus);
  if (existing) {
    console.warn(
      `[hubbub] connectDevtools() was called twice for bus "${bus.name}"; the first connection is kept. Call its disconnect function before connecting again.`,
    );
    return existing;
  }

  const sessionId = randomId();
  const instanceId = bus.id;
  // One line: viewers may show or log it where a line break would pass for a line of their own.
  const name = clip(String(options.name ?? bus.name), limits.maxString).replace(/[\n\r\u2028\u2029]/g, ' ');
  // process.env itself: a bundler's define folds it, and a production build keeps none of this.
  if (process.env.NODE_ENV !== 'production') {
    const sameName = connectedNames.get(name) ?? 0;
    if (sameName > 0) {
      console.warn(
        `[hubbub] connectDevtools(): another bus named "${name}" is connected on this page. After a hot reload, it is the bus of the module's previous run, still connected and still running that run's handlers: disconnect it, and undo what that run subscribed, when the module runs again (see "Hot reload" in hubbub's README). Two buses on purpose? Name them apart (createBus({ name }) or connectDevtools(bus, { name })), so the panel can tell them apart.`,
      );
    }
    connectedNames.set(name, sameName + 1);
  }
  const buffer = createRingBuffer<WireEntry>(maxBuffer);
  const traces = options.trace ? createTraceRecorder(limits.maxString) : undefined;
  const flushAt = Math.min(DEFAULT_BATCH_LIMITS.maxEntries, maxBuffer);
  const classTypes = new Set<string>();
  /** The viewers that sent `connect` and not yet `disconnect`; the page streams while there is one. */
  const viewers = new Set<string>();
  /** Those of them that sent `pause`: batches are held back only while every viewer has (one pausing must not stop the others). */
  const pausedViewers = new Set<string>();
  let streaming = false;
  let paused = false;
  /** After a viewer came, left, paused or resumed: whether to stream, and to hold batches back. */
  const recount = () => {
    for (const viewer of pausedViewers) if (!viewers.has(viewer)) pausedViewers.delete(viewer);
    streaming = viewers.size > 0;
    paused = streaming && pausedViewers.size === viewers.size;
  };
  let replaying = false;
  let replayedId: string | undefined;

  const post = (message: PageMessage) => channel.post(message);
  const base = () => ({ source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId, instanceId }) as const;

  /** Entries lost after they left the ring buffer (a post that failed); the next batch counts them in `dropped`. */
  let lost = 0;

  /** Posts entries as one batch, or splits them: a JSON text longer than the cap is halved, and an entry that alone exceeds it is replaced by a warning. */
  const send = (entries: WireEntry[], weight: number, dropped: number): void => {
    let payload: string | WireEntry[] = entries;
    if (weight <= entries.length * JSON_TEXT_MAX_AVERAGE) {
      const text = encodeEntries(entries);
      if (text.length > MAX_BATCH_CHARACTERS) {
        if (entries.length === 1) {
          const entry = entries[0] as WireEntry;
          send([tooBig(entry, text.length)], 0, dropped);
          return;
        }
        const half = entries.length >> 1;
        send(entries.slice(0, half), weight / 2, dropped);
        send(entries.slice(half), weight / 2, 0);
        return;
      }
      payload = text;
    }
    const reported = dropped + lost;
    // Left-out counts and leak suspects are state, not history: they ride on a batch when they changed (and after each connect).
    const leftOut = filter?.changed() ? filter.summary() : undefined;
    const leaks = leakWatch?.changed() ? leakWatch.suspects() : undefined;
    const state = { ...(leftOut && { leftOut }), ...(leaks && { leaks }) };
    if (post({ ...base(), kind: 'batch', entries: payload, count: entries.length, dropped: reported, ...state })) lost = 0;
    else {
      lost += entries.length;
      if (leftOut) filter?.markChanged();
      if (leaks) leakWatch?.markChanged();
    }
  };

  /** Sends what the ring buffer has not sent yet. Never throws: entries it could not send are counted in the next batch's `dropped`. */
  const flush = () => {
    if (!streaming || paused) return;
    if (buffer.unsent === 0 && buffer.dropped === 0 && lost === 0 && !filter?.changed() && !leakWatch?.changed()) return;
    const total = buffer.unsentWeight;
    const { items, weights, dropped } = buffer.take();
    traces?.resolve(items);
    try {
      // The usual flush (one microtask's entries) fits one message: no splitting.
      if (items.length <= DEFAULT_BATCH_LIMITS.maxEntries && total <= DEFAULT_BATCH_LIMITS.maxBytes) {
        send(items, total, dropped);
        return;
      }
      let at = 0;
      splitBySize(items, weights, DEFAULT_BATCH_LIMITS).forEach((entries, i) => {
        let weight = 0;
        for (const end = at + entries.length; at < end; at++) weight += weights[at] as number;
        send(entries, weight, i === 0 ? dropped : 0);
      });
    } catch {
      lost += items.length + dropped;
    }
  };
  const batcher = createMicrotaskBatcher(flush);

  const builder = createEntryBuilder({
    sanitize,
    redactKey: keyRedactor(options.redact),
    limits,
    isReplay: () => replaying,
    registry,
  });
  const sink = (entry: WireEntry, bytes: number) => {
    // Called synchronously inside the emit for an event entry: the app's call site is on the stack.
    if (traces && entry[0] === 'event') {
      traces.record(entry);
      bytes += TRACE_WEIGHT;
    }
    if (bytes > DEFAULT_BATCH_LIMITS.maxBytes) buffer.push(tooBig(entry, bytes), TOO_BIG_BYTES);
    else buffer.push(entry, bytes);
    if (!streaming || paused) return;
    if (buffer.unsent >= flushAt || buffer.unsentWeight >= DEFAULT_BATCH_LIMITS.maxBytes) flush();
    else batcher.schedule();
  };

  const rememberClass = (o: Extract<Observation, { kind: 'event' }>) => {
    try {
      const ctor: unknown = (o.event as { constructor?: unknown } | null)?.constructor;
      if (typeof ctor !== 'function' || ctor === Object) return;
      const cls = ctor as { type?: unknown; name?: unknown };
      if (cls.type === o.meta.type || cls.name === o.meta.type) classTypes.add(o.meta.type);
    } catch {}
  };

  const inspector = (o: Observation) => {
    // An event the panel dispatched is always recorded: the panel asked for it and waits for it.
    if (filter && !(replaying && o.kind === 'event' && o.meta.depth === 0) && !filter.records(o)) {
      if (streaming && !paused && filter.changed()) batcher.schedule();
      return;
    }
    if (o.kind === 'subscribe' || o.kind === 'unsubscribe') leakWatch?.observe(o);
    if (o.kind === 'event') {
      if (replaying && o.meta.depth === 0) {
        replayedId = o.meta.id;
        builder.build(o, sink);
        replaying = false;
        return;
      }
      if (allowDispatch) rememberClass(o);
    }
    builder.build(o, sink);
  };

  const hello = () =>
    post({
      ...base(),
      kind: 'hello',
      instance: {
        id: instanceId,
        name,
        allowDispatch,
        url: clip(location.href, limits.maxString),
        pageStartedAt: performance.timeOrigin,
        buffered: buffer.size,
        dropped: buffer.droppedTotal,
        streaming,
      },
    });
  const snapshot = () =>
    post({ ...base(), kind: 'snapshot', subscriptions: subscriptionsOf(bus).map((s) => subscriptionEntry(s, limits.maxString)) });

  const dispatch = createPanelDispatchHandler({
    bus: bus as unknown as Bus,
    allowDispatch,
    registry,
    classTypes,
    publishMarked: (publish) => {
      replaying = true;
      replayedId = undefined;
      try {
        publish().catch(noop);
      } finally {
        replaying = false;
      }
      return replayedId;
    },
  });

  const receive = (message: PanelMessage) => {
    if (message.instanceId !== undefined && message.instanceId !== instanceId) return;
    switch (message.kind) {
      case 'connect':
        viewers.delete(message.viewer ?? '');
        viewers.add(message.viewer ?? '');
        // Ids are the viewers' own: a page script could send many, so the oldest are let go past the cap.
        if (viewers.size > MAX_VIEWERS) viewers.delete(viewers.values().next().value as string);
        // A viewer (re)connecting streams; it sends `pause` again if it is paused.
        pausedViewers.delete(message.viewer ?? '');
        recount();
        hello();
        snapshot();
        // Every viewer that connects gets the retained history; viewers already listening skip it by seq.
        buffer.rewind();
        filter?.markChanged();
        leakWatch?.markChanged();
        flush();
        return;
      case 'disconnect':
        viewers.delete(message.viewer ?? '');
        recount();
        return;
      case 'pause':
        // recount() lets it go again if it is no connected viewer.
        pausedViewers.add(message.viewer ?? '');
        recount();
        return;
      case 'resume':
        pausedViewers.delete(message.viewer ?? '');
        recount();
        flush();
        return;
      case 'clear':
        buffer.clear();
        filter?.reset();
        // Viewers learn that the counts restarted.
        if (filter && streaming && !paused) batcher.schedule();
        return;
      case 'request-snapshot':
        snapshot();
        return;
      case 'dispatch':
        void dispatch(message).then((outcome) => post({ ...base(), kind: 'dispatch-result', requestId: message.requestId, ...outcome }));
        return;
    }
  };

  const channel = createPageChannel(receive);
  const onPageHide = () => {
    flush();
    post({ ...base(), kind: 'goodbye' });
    viewers.clear();
    recount();
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) hello();
  };
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('pageshow', onPageShow);
  const detach = inspect(bus, inspector);
  const stopLeakWatch = leakWatch?.start(subscriptionsOf(bus), () => {
    if (streaming && !paused) batcher.schedule();
  });
  hello();

  // Released once called: a disconnect kept after use (a listener, a field) must not keep the bus and its buffer.
  const disconnect = releaseOnCall(() => {
    connected.delete(bus);
    if (process.env.NODE_ENV !== 'production') {
      const sameName = (connectedNames.get(name) ?? 1) - 1;
      if (sameName > 0) connectedNames.set(name, sameName);
      else connectedNames.delete(name);
    }
    detach();
    stopLeakWatch?.();
    flush();
    batcher.cancel();
    post({ ...base(), kind: 'goodbye' });
    channel.close();
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
  });
  connected.set(bus, disconnect);
  return disconnect;
};

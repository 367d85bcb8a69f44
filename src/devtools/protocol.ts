// The single definition of every devtools message: page <-> content script <-> service worker
// <-> panel. Every boundary checks what it receives with the guards at the bottom.

import { type CallSiteFrame, MAX_CALL_SITE_FRAMES } from './call-site';

/** Bumped on any change a reader could misread. @example if (message.version !== PROTOCOL_VERSION) showMismatch() */
export const PROTOCOL_VERSION = 3;
/** `source` tag of messages the page sends. @example if (event.data?.source === PAGE_SOURCE) relay(event.data) */
export const PAGE_SOURCE = 'hubbub:page';
/** `source` tag of messages the panel sends toward a page. @example post({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect' }) */
export const PANEL_SOURCE = 'hubbub:panel';
/** `source` tag of messages only the extension's own contexts exchange. @example port.postMessage({ source: EXTENSION_SOURCE, version: PROTOCOL_VERSION, kind: 'panel-init', tabId }) */
export const EXTENSION_SOURCE = 'hubbub:extension';

// ---------------------------------------------------------------------------------------------
// Serialized values: JSON-safe trees; anything JSON cannot carry is an object with a `$hubbub` tag.

/** A value the serializer produced: JSON, with tagged markers for everything else. @example const v: SerializedValue = { at: { $hubbub: 'date', iso: '2026-01-01T00:00:00.000Z' } } */
export type SerializedValue =
  | null
  | boolean
  | number
  | string
  | readonly SerializedValue[]
  | { readonly [key: string]: SerializedValue }
  | SerializedMarker;

/** Stand-ins for values JSON cannot carry, and for what was cut or hidden. @example const m: SerializedMarker = { $hubbub: 'bigint', value: '10' } */
export type SerializedMarker =
  | { readonly $hubbub: 'undefined' }
  | { readonly $hubbub: 'number'; readonly value: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { readonly $hubbub: 'bigint'; readonly value: string }
  | { readonly $hubbub: 'symbol'; readonly description: string }
  | { readonly $hubbub: 'function'; readonly name: string }
  | { readonly $hubbub: 'date'; readonly iso: string }
  | { readonly $hubbub: 'regexp'; readonly source: string; readonly flags: string }
  | { readonly $hubbub: 'error'; readonly error: SerializedError }
  | { readonly $hubbub: 'map'; readonly size: number; readonly entries: readonly (readonly [SerializedValue, SerializedValue])[] }
  | { readonly $hubbub: 'set'; readonly size: number; readonly values: readonly SerializedValue[] }
  /** A class instance: its own fields, and the class name kept. */
  | { readonly $hubbub: 'instance'; readonly className: string; readonly fields: { readonly [key: string]: SerializedValue } }
  /** A typed array, DataView or ArrayBuffer: its first items (`null` for NaN and ±Infinity, which JSON cannot carry). */
  | { readonly $hubbub: 'typed-array'; readonly className: string; readonly length: number; readonly preview: readonly (number | null)[] }
  | { readonly $hubbub: 'dom'; readonly description: string }
  | { readonly $hubbub: 'circular'; readonly path: string }
  /** A getter or proxy trap threw while reading. */
  | { readonly $hubbub: 'unreadable'; readonly reason: string }
  | { readonly $hubbub: 'redacted' }
  /**
   * Cut by a limit: `depth` (a too-deep object; `preview` names it), `keys` (the rest of an
   * object/array past the key cap), `string` (`preview` holds its start), `size` (the rest of an
   * object/array once the whole payload reached its size budget). In objects it sits under the key `'…'`;
   * in arrays it is the last item.
   */
  | {
      readonly $hubbub: 'truncated';
      readonly reason: 'depth' | 'keys' | 'string' | 'size';
      /** How many items (depth, keys, size) or characters (string) were left out. */
      readonly omitted: number;
      readonly preview?: string;
    };

/** An error as the panel shows it. @example const e: SerializedError = { name: 'TypeError', message: 'x is undefined', stack: '...' } */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

// ---------------------------------------------------------------------------------------------
// Page -> panel

/** What the page says about one bus. @example if (hello.instance.allowDispatch) showDispatchButton() */
export interface InstanceInfo {
  /** The bus's id (unique per bus instance). */
  readonly id: string;
  readonly name: string;
  /** Whether the page lets the panel dispatch and replay events. */
  readonly allowDispatch: boolean;
  /** The page's URL (the extension adds frame details). */
  readonly url: string;
  /**
   * When the page's document started (`performance.timeOrigin`): the same for every bus of one
   * page, new on each load, so a panel tells a reload from another bus of the same page.
   */
  readonly pageStartedAt?: number;
  /** Entries the page retains (its newest, at most `maxBuffer`); every `connect` is answered with all of them. */
  readonly buffered: number;
  /** Entries dropped from the ring buffer so far: what a panel connecting now has missed. */
  readonly dropped: number;
  /**
   * True when the page is streaming to a panel (this hello answers a `connect`); false or absent:
   * the page is buffering, and a panel that wants the stream sends `connect`.
   */
  readonly streaming?: boolean;
}

/** A subscription as shown in the subscriptions view. @example snapshot.subscriptions.filter((s) => s.type === '*') */
export interface SubscriptionEntry {
  readonly id: number;
  readonly type: string;
  readonly isClass: boolean;
  readonly label: string;
  readonly priority: number;
  readonly once: boolean;
}

// ---------------------------------------------------------------------------------------------
// Stream entries: one table defines each entry type, its fields, their order on the wire and the
// guard each field must pass. `StreamEntry`, `WireEntry`, `toWire`, `fromWire` and the reader's
// checks all derive from it: adding a field is one edit here (and the page's builder, which
// fills it, then fails to compile until it does).

/** Checks one field of an entry read from the wire. */
type FieldGuard<T> = (x: unknown) => x is T;

/**
 * One field of an entry: its name and guard, and `OPTIONAL` when it may be absent (`null` on the
 * wire). Plain arrays, so a bundle that never reads entries (the page's) drops the whole table.
 */
type FieldSpec<N extends string = string, T = unknown> =
  | readonly [name: N, guard: FieldGuard<T>]
  | readonly [name: N, guard: FieldGuard<T>, optional: typeof OPTIONAL];
const OPTIONAL = 'optional';

const isString = (x: unknown): x is string => typeof x === 'string';
const isNumber = (x: unknown): x is number => typeof x === 'number';
const isBoolean = (x: unknown): x is boolean => typeof x === 'boolean';
/**
 * True for a non-null object that is not an array.
 *
 * @example
 * if (isRecord(data) && data.source === PAGE_SOURCE) read(data)
 */
export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
/** Any JSON value is a {@link SerializedValue}: markers are objects, and readers show unknown ones as objects. */
const isSerialized = (x: unknown): x is SerializedValue => x !== undefined;
const oneOf =
  <const V extends string>(...values: readonly V[]) =>
  (x: unknown): x is V =>
    (values as readonly unknown[]).includes(x);
const isStringList = (x: unknown): x is readonly string[] => Array.isArray(x) && x.every(isString);
/**
 * An error as the live stream carries it: `{ name, message, stack? }`.
 *
 * @example
 * isError({ name: 'TypeError', message: 'x is undefined' }) // true
 */
export const isError = (x: unknown): x is SerializedError =>
  isRecord(x) && isString(x.name) && isString(x.message) && (x.stack === undefined || isString(x.stack));
const isFrameText = (x: unknown): boolean =>
  isRecord(x) && isString(x.functionName) && isString(x.url) && isNumber(x.line) && isNumber(x.column);
/**
 * A call site: at most {@link MAX_CALL_SITE_FRAMES} frames (the page caps each string as it caps every other).
 *
 * @example
 * isTrace([{ functionName: 'addToCart', url: 'http://localhost:5173/src/cart.ts', line: 12, column: 7 }]) // true
 */
export const isTrace = (x: unknown): x is readonly CallSiteFrame[] =>
  Array.isArray(x) && x.length <= MAX_CALL_SITE_FRAMES && x.every(isFrameText);
/**
 * A subscription as the live stream carries it.
 *
 * @example
 * isSubscription({ id: 1, type: 'cart/added', isClass: false, label: 'badge', priority: 0, once: false }) // true
 */
export const isSubscription = (x: unknown): x is SubscriptionEntry =>
  isRecord(x) &&
  isNumber(x.id) &&
  isString(x.type) &&
  isBoolean(x.isClass) &&
  isString(x.label) &&
  isNumber(x.priority) &&
  isBoolean(x.once);

/**
 * Every stream entry type: its fields, in the order a {@link WireEntry} carries them after the type.
 * `seq` orders the entries of one instance.
 *
 * @example
 * ENTRY_TABLE.warning.map(([name]) => name) // ['seq', 'message']
 */
export const ENTRY_TABLE = {
  /**
   * An event entered the bus (before middleware). `replayed`: dispatched or replayed from the panel,
   * not by the app. `trace`: the call site of the emit/publish, innermost frame first, without
   * Hubbub's own frames (only with `connectDevtools(bus, { trace: true })`).
   */
  event: [
    ['seq', isNumber],
    ['id', isString],
    ['eventType', isString],
    ['payload', isSerialized],
    ['timestamp', isNumber],
    ['correlationId', isString],
    ['causationId', isString, OPTIONAL],
    ['depth', isNumber],
    ['via', /* @__PURE__ */ oneOf('emit', 'publish')],
    ['replayed', isBoolean],
    ['trace', isTrace, OPTIONAL],
    /** The event type's version in the page's registry (only for types `connectDevtools(bus, { registry })` defines). */
    ['version', isNumber, OPTIONAL],
  ],
  /** One middleware's decision; `error` for `threw`, `value` (the new value, `null` included) for `transformed`, `reason` for `blocked` when it gave one. */
  middleware: [
    ['seq', isNumber],
    ['eventId', isString],
    ['name', isString],
    ['decision', /* @__PURE__ */ oneOf('passed', 'transformed', 'blocked', 'threw')],
    ['duration', isNumber],
    ['error', isError, OPTIONAL],
    ['reason', isString, OPTIONAL],
    ['value', isSerialized, OPTIONAL],
  ],
  /** One handler ran. */
  handler: [
    ['seq', isNumber],
    ['eventId', isString],
    ['subscriptionId', isNumber],
    ['label', isString],
    ['duration', isNumber],
    ['outcome', /* @__PURE__ */ oneOf('ok', 'error')],
    ['async', isBoolean],
    ['error', isError, OPTIONAL],
  ],
  /** The dispatch finished. */
  dispatched: [
    ['seq', isNumber],
    ['eventId', isString],
    ['delivered', isNumber],
    ['errorCount', isNumber],
    ['blockedBy', isString, OPTIONAL],
    ['blockReason', isString, OPTIONAL],
  ],
  /** A subscription was added or removed. */
  subscription: [
    ['seq', isNumber],
    ['change', /* @__PURE__ */ oneOf('added', 'removed')],
    ['subscription', isSubscription],
  ],
  /** An event was refused past `maxDepth`; `chain` holds the event types that led there, root first, the refused one last. */
  storm: [
    ['seq', isNumber],
    ['eventId', isString],
    ['eventType', isString],
    ['depth', isNumber],
    ['message', isString],
    ['chain', isStringList],
  ],
  /** A saga key changed state. */
  saga: [
    ['seq', isNumber],
    ['saga', isString],
    ['key', isString],
    ['status', /* @__PURE__ */ oneOf('started', 'progress', 'duplicate', 'completed', 'timedOut', 'failed')],
    ['received', isStringList],
    ['error', isError, OPTIONAL],
    /** The event that moved it (none for a timeout). */
    ['eventId', isString, OPTIONAL],
  ],
  /** The page's own trouble (a throwing sanitizer, an entry too big to send...), shown, never fatal. */
  warning: [
    ['seq', isNumber],
    ['message', isString],
  ],
} as const satisfies { readonly [type: string]: readonly [readonly ['seq', FieldGuard<number>], ...FieldSpec[]] };

type EntryTable = typeof ENTRY_TABLE;
/** The type tag of a stream entry. @example const kinds: StreamEntryType[] = ['event', 'handler'] */
export type StreamEntryType = keyof EntryTable;

type FieldsOf<L> = L extends readonly [infer Head, ...infer Rest]
  ? (Head extends readonly [infer N extends string, FieldGuard<infer T>, typeof OPTIONAL]
      ? { readonly [K in N]?: T | undefined }
      : Head extends readonly [infer N extends string, FieldGuard<infer T>]
        ? { readonly [K in N]: T }
        : never) &
      FieldsOf<Rest>
  : unknown;
type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * One thing that happened on a bus, discriminated by `type`; see {@link ENTRY_TABLE} for the fields.
 *
 * @example
 * for (const e of readBatch(batch) ?? []) if (e.type === 'event') list.push(e)
 */
export type StreamEntry = { [T in StreamEntryType]: Flat<{ readonly type: T } & FieldsOf<EntryTable[T]>> }[StreamEntryType];
/** The entry of one type. @example const e: EntryOf<'warning'> = { type: 'warning', seq: 1, message: 'hi' } */
export type EntryOf<T extends StreamEntryType> = Extract<StreamEntry, { type: T }>;

type WireFieldsOf<L> = L extends readonly [infer Head, ...infer Rest]
  ? Head extends readonly [string, FieldGuard<infer T>, typeof OPTIONAL]
    ? [T | null, ...WireFieldsOf<Rest>]
    : Head extends readonly [string, FieldGuard<infer T>]
      ? [T, ...WireFieldsOf<Rest>]
      : never
  : [];
/** Trailing absent fields may be left off: the tuple of one entry type, or any of its shorter forms. */
type WithoutTail<L extends unknown[]> = L extends [...infer Init, infer Last] ? (null extends Last ? L | WithoutTail<Init> : L) : L;

/**
 * An entry of one type on the wire: `[type, ...fields in ENTRY_TABLE order]`, absent optional
 * fields `null` or left off the end. The page's builder writes these tuples directly.
 *
 * @example
 * const w: WireOf<'dispatched'> = ['dispatched', 7, 'shop-1', 2, 0] // { type: 'dispatched', seq: 7, eventId: 'shop-1', delivered: 2, errorCount: 0 }
 */
export type WireOf<T extends StreamEntryType> = readonly [T, ...WithoutTail<WireFieldsOf<EntryTable[T]>>];
/** Any entry on the wire: half the JSON of the object, and half the encoding time. @example const w: WireEntry = ['warning', 3, 'hi'] */
export type WireEntry = { [T in StreamEntryType]: WireOf<T> }[StreamEntryType];

/**
 * An entry as a {@link WireEntry}.
 *
 * @example
 * toWire({ type: 'warning', seq: 3, message: 'hi' }) // ['warning', 3, 'hi']
 */
export const toWire = (entry: StreamEntry): WireEntry => {
  const record = entry as unknown as Record<string, unknown>;
  const specs: readonly FieldSpec[] = ENTRY_TABLE[entry.type];
  const wire: unknown[] = [entry.type];
  let end = 1;
  for (const [name] of specs) {
    const value = record[name];
    wire.push(value ?? null);
    if (value !== undefined) end = wire.length;
  }
  wire.length = end;
  return wire as unknown as WireEntry;
};

/**
 * A {@link WireEntry} as the entry it stands for, or undefined when it is not a valid one (unknown
 * type, a field that fails its guard). Never throws.
 *
 * @example
 * fromWire(['warning', 3, 'hi']) // { type: 'warning', seq: 3, message: 'hi' }
 */
export const fromWire = (wire: unknown): StreamEntry | undefined => {
  if (!Array.isArray(wire)) return undefined;
  const type: unknown = wire[0];
  if (typeof type !== 'string' || !Object.hasOwn(ENTRY_TABLE, type)) return undefined;
  const specs: readonly FieldSpec[] = ENTRY_TABLE[type as StreamEntryType];
  const entry: Record<string, unknown> = { type };
  for (let i = 0; i < specs.length; i++) {
    const [name, guard, optional] = specs[i] as FieldSpec;
    const value: unknown = wire[i + 1];
    if (value === undefined || (value === null && optional && guard !== isSerialized)) {
      if (!optional) return undefined;
      continue;
    }
    if (!guard(value)) return undefined;
    entry[name] = value;
  }
  return entry as unknown as StreamEntry;
};

/**
 * Events left out by one reason each, for one event type (or summed over the rest).
 *
 * @example
 * const counts: LeftOutCountsEntry = { denied: 3, 'sampled-out': 0, 'over-cap': 0 }
 */
export interface LeftOutCountsEntry {
  readonly denied: number;
  readonly 'sampled-out': number;
  readonly 'over-cap': number;
}

/**
 * What the page's recording controls left out since it connected (or the panel's last `clear`):
 * the total, per type (at most the page's tracked types), and the rest summed in `otherTypes`.
 *
 * @example
 * const summary: LeftOutSummary = { total: 2, byType: [{ type: 'pointer/move', denied: 2, 'sampled-out': 0, 'over-cap': 0 }], otherTypes: { denied: 0, 'sampled-out': 0, 'over-cap': 0 } }
 */
export interface LeftOutSummary {
  readonly total: number;
  readonly byType: readonly ({ readonly type: string } & LeftOutCountsEntry)[];
  readonly otherTypes: LeftOutCountsEntry;
}

/**
 * A subscription label or key whose live subscriptions keep growing, as the page's leak detector found it.
 *
 * @example
 * const suspect: LeakSuspectEntry = { by: 'label', name: 'CartBadge', live: 40, growth: 38 }
 */
export interface LeakSuspectEntry {
  readonly by: 'label' | 'key';
  readonly name: string;
  readonly live: number;
  readonly growth: number;
}

interface PageBase {
  readonly source: typeof PAGE_SOURCE;
  readonly version: typeof PROTOCOL_VERSION;
  /** Random per connectDevtools() call: a reload starts a new session. */
  readonly sessionId: string;
  readonly instanceId: string;
}

/** Every message a page sends. @example if (message.kind === 'batch') store.append(readBatch(message) ?? []) */
export type PageMessage =
  /** Handshake: sent on connect, and in answer to the panel's `connect`. */
  | (PageBase & { readonly kind: 'hello'; readonly instance: InstanceInfo })
  /**
   * A batch of entries, oldest first, each as a {@link WireEntry} tuple; read them with {@link readBatch}.
   * `entries` is one JSON text of the tuples (postMessage then copies one string instead of cloning
   * thousands of small objects), or the tuples themselves when they carry big payloads (cloning
   * big strings is cheaper than JSON-escaping them). `count` is the number of entries; `dropped`
   * counts entries lost to the ring buffer before they were ever sent. After a `connect` the
   * retained history is sent again: viewers skip entries whose `seq` they already have.
   */
  | (PageBase & {
      readonly kind: 'batch';
      readonly entries: string | readonly WireEntry[];
      readonly count: number;
      readonly dropped: number;
      /** Events the page's recording controls left out (`allow`/`deny`/`sample`/`maxPerSecond`); sent when it changed and after each `connect`. Read with {@link readLeftOut}. */
      readonly leftOut?: LeftOutSummary;
      /** The page's current subscription leak suspects; sent when they changed and after each `connect`. Read with {@link readLeaks}. */
      readonly leaks?: readonly LeakSuspectEntry[];
    })
  | (PageBase & { readonly kind: 'snapshot'; readonly subscriptions: readonly SubscriptionEntry[] })
  | (PageBase & { readonly kind: 'dispatch-result'; readonly requestId: string; readonly ok: true; readonly eventId: string })
  | (PageBase & { readonly kind: 'dispatch-result'; readonly requestId: string; readonly ok: false; readonly reason: string })
  /** The bus was disconnected from devtools (or the page is leaving). */
  | (PageBase & { readonly kind: 'goodbye' });

// ---------------------------------------------------------------------------------------------
// Panel -> page

interface PanelBase {
  readonly source: typeof PANEL_SOURCE;
  readonly version: typeof PROTOCOL_VERSION;
  /** The bus addressed; omitted: every bus on the page. */
  readonly instanceId?: string;
  /**
   * The viewer that sends it (a random id per panel, floating panel or recorder): a page streams
   * while any viewer that sent `connect` has not sent `disconnect`, so one viewer leaving does not
   * stop the others. Omitted: one shared viewer (as older viewers sent it).
   */
  readonly viewer?: string;
}

/** Every message the panel sends toward a page. @example const m: PanelMessage = { source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'clear' } */
export type PanelMessage =
  /** Start streaming: the page answers `hello`, then flushes its buffer. */
  | (PanelBase & { readonly kind: 'connect' })
  /** Stop streaming (the page buffers again). */
  | (PanelBase & { readonly kind: 'disconnect' })
  | (PanelBase & { readonly kind: 'pause' })
  | (PanelBase & { readonly kind: 'resume' })
  /** Empty the page's buffer. */
  | (PanelBase & { readonly kind: 'clear' })
  | (PanelBase & { readonly kind: 'request-snapshot' })
  /** Publish an event on the page's bus; refused unless the page passed `allowDispatch: true`. */
  | (PanelBase & {
      readonly kind: 'dispatch';
      readonly requestId: string;
      readonly eventType: string;
      /** JSON payload; for class events the page rebuilds the instance through its registry. */
      readonly payload: unknown;
      readonly mode: 'dispatch' | 'replay';
      /**
       * The event type's version the payload was recorded at (the registry upcasts it, and refuses
       * a version that is not a whole number it knows); default the registry's current one.
       */
      readonly eventVersion?: number;
    });

// ---------------------------------------------------------------------------------------------
// Extension-internal: content script <-> service worker <-> panel (ports)

/** Where a page message came from inside a tab. @example const frame: FrameInfo = { tabId, frameId: port.sender?.frameId ?? 0, frameUrl: port.sender?.url ?? '' } */
export interface FrameInfo {
  readonly tabId: number;
  readonly frameId: number;
  readonly frameUrl: string;
}

interface ExtensionBase {
  readonly source: typeof EXTENSION_SOURCE;
  readonly version: typeof PROTOCOL_VERSION;
}

/** Messages between the extension's own contexts. @example if (message.kind === 'to-page') window.postMessage(message.message, location.origin) */
export type ExtensionMessage = ExtensionBase &
  (
    | {
        /** Service worker -> panel: a page message and its frame; `lost` as in `relay`. */
        readonly kind: 'from-page';
        readonly frame: FrameInfo;
        readonly message: PageMessage;
        readonly lost?: number;
      }
    /** Panel -> service worker -> content script(s): a panel message for a tab (one frame, or all). */
    | { readonly kind: 'to-page'; readonly tabId: number; readonly frameId?: number; readonly message: PanelMessage }
    /** Panel -> service worker: this panel shows this tab. */
    | { readonly kind: 'panel-init'; readonly tabId: number }
    /** Service worker -> panel: what it knows about the tab's connection. */
    | {
        readonly kind: 'tab-status';
        readonly tabId: number;
        /** `no-content-script`: the tab was open before the extension was installed: reload it. */
        readonly status: 'connected' | 'no-content-script' | 'navigated';
      }
    /** Service worker -> panel: a frame's content script went away (navigation, bfcache, closing). */
    | { readonly kind: 'frame-gone'; readonly frame: FrameInfo }
    /**
     * Content script -> service worker: a checked page message; the worker adds the frame from the
     * port's sender. `lost`: page messages the content script could not post since its last relay
     * (too big for a port, or the worker was stopping); the panel shows the count.
     */
    | { readonly kind: 'relay'; readonly message: PageMessage; readonly lost?: number }
    /**
     * Content script -> service worker -> panel: the page spoke our tag but a message was refused
     * (another protocol version, or a bad shape), so the panel can say so instead of staying silent.
     * The worker adds `frame`.
     */
    | {
        readonly kind: 'page-rejected';
        readonly reason: 'version-mismatch' | 'malformed';
        /** The version the page spoke, for `version-mismatch`. */
        readonly pageVersion?: unknown;
        readonly detail?: string;
        readonly frame?: FrameInfo;
      }
    /** Service worker -> content script: whether a panel shows this tab (the content script holds messages while none does). */
    | { readonly kind: 'panel-presence'; readonly attached: boolean }
  );

// ---------------------------------------------------------------------------------------------
// Guards: one table per direction, its keys the message kinds (checked against the unions above),
// its values what each kind must carry beyond the common fields.

/** What a reader makes of a message that carries one of our source tags. @example const c: ProtocolCheck<PageMessage> = checkPageMessage(data) */
export type ProtocolCheck<M> =
  | { readonly ok: true; readonly message: M }
  | { readonly ok: false; readonly reason: 'foreign' }
  | { readonly ok: false; readonly reason: 'version-mismatch'; readonly version: unknown }
  | { readonly ok: false; readonly reason: 'malformed'; readonly detail: string };

/** Returns what is wrong with a message of one kind, or undefined when it is fine. */
type Shape = (m: Record<string, unknown>) => string | undefined;

const PAGE_SHAPES = {
  hello: (m) => (isRecord(m.instance) && isString(m.instance.id) && isString(m.instance.name) ? undefined : 'hello without instance'),
  // Entries are checked by readBatch where they are read (the panel, recordBus), not on the way.
  batch: (m) =>
    (isString(m.entries) || Array.isArray(m.entries)) && isNumber(m.count) && isNumber(m.dropped) ? undefined : 'batch without entries',
  snapshot: (m) => (Array.isArray(m.subscriptions) ? undefined : 'snapshot without subscriptions'),
  'dispatch-result': (m) => (isString(m.requestId) && isBoolean(m.ok) ? undefined : 'dispatch-result without requestId/ok'),
  goodbye: () => undefined,
} as const satisfies { readonly [K in PageMessage['kind']]: Shape };

const none: Shape = () => undefined;
const PANEL_SHAPES = {
  connect: none,
  disconnect: none,
  pause: none,
  resume: none,
  clear: none,
  'request-snapshot': none,
  dispatch: (m) =>
    isString(m.requestId) && isString(m.eventType) && (m.mode === 'dispatch' || m.mode === 'replay')
      ? undefined
      : 'dispatch needs requestId, eventType and mode',
} as const satisfies { readonly [K in PanelMessage['kind']]: Shape };

const isFrame = (f: unknown): boolean => isRecord(f) && isNumber(f.tabId) && isNumber(f.frameId) && isString(f.frameUrl);
/** A page message inside an extension message: the panel checks it (once) where it reads it. */
const carriesPageMessage = (m: Record<string, unknown>) => isRecord(m.message) && m.message.source === PAGE_SOURCE;

const EXTENSION_SHAPES = {
  'from-page': (m) =>
    isFrame(m.frame) && carriesPageMessage(m) && (m.lost === undefined || isNumber(m.lost))
      ? undefined
      : 'from-page needs a frame and a page message (and lost: number)',
  relay: (m) =>
    carriesPageMessage(m) && (m.lost === undefined || isNumber(m.lost)) ? undefined : 'relay needs a page message (and lost: number)',
  'to-page': (m) => (isNumber(m.tabId) && checkPanelMessage(m.message).ok ? undefined : 'to-page needs a tabId and a valid panel message'),
  'panel-init': (m) => (isNumber(m.tabId) ? undefined : 'panel-init needs a tabId'),
  'tab-status': (m) =>
    isNumber(m.tabId) && (m.status === 'connected' || m.status === 'no-content-script' || m.status === 'navigated')
      ? undefined
      : 'tab-status needs a tabId and a status',
  'frame-gone': (m) => (isFrame(m.frame) ? undefined : 'frame-gone needs a frame'),
  'page-rejected': (m) => (m.reason === 'version-mismatch' || m.reason === 'malformed' ? undefined : 'page-rejected needs a reason'),
  'panel-presence': (m) => (isBoolean(m.attached) ? undefined : 'panel-presence needs attached: boolean'),
} as const satisfies { readonly [K in ExtensionMessage['kind']]: Shape };

/** `common` checks the fields every message of the direction carries; `shapes` what each kind adds. */
const check = <M>(x: unknown, source: string, shapes: { readonly [kind: string]: Shape }, common?: Shape): ProtocolCheck<M> => {
  if (!isRecord(x) || x.source !== source) return { ok: false, reason: 'foreign' };
  if (x.version !== PROTOCOL_VERSION) return { ok: false, reason: 'version-mismatch', version: x.version };
  const shape = isString(x.kind) && Object.hasOwn(shapes, x.kind) ? shapes[x.kind] : undefined;
  if (!shape) return { ok: false, reason: 'malformed', detail: `unknown kind ${JSON.stringify(String(x.kind).slice(0, 100))}` };
  const problem = common?.(x) ?? shape(x);
  return problem ? { ok: false, reason: 'malformed', detail: problem } : { ok: true, message: x as M };
};

/** Longest viewer id a page accepts: ids are random, short; a page keeps each connected one. */
const MAX_VIEWER_ID = 100;
const pageShape: Shape = (m) => (isString(m.sessionId) && isString(m.instanceId) ? undefined : 'missing sessionId or instanceId');
const panelShape: Shape = (m) =>
  (m.instanceId === undefined || isString(m.instanceId)) &&
  (m.viewer === undefined || (isString(m.viewer) && m.viewer.length <= MAX_VIEWER_ID))
    ? undefined
    : 'instanceId or viewer is not a short string';

/**
 * Checks a message claimed to come from a page: right tag, right version, known kind, sane shape.
 * A batch's entries are checked by {@link readBatch}, where they are read.
 *
 * @example
 * const checked = checkPageMessage(event.data)
 * if (checked.ok) store.receive(checked.message)
 * else if (checked.reason === 'version-mismatch') store.showVersionMismatch(checked.version)
 */
export const checkPageMessage = (x: unknown): ProtocolCheck<PageMessage> => check(x, PAGE_SOURCE, PAGE_SHAPES, pageShape);

/**
 * Checks a message claimed to come from the panel.
 *
 * @example
 * const checked = checkPanelMessage(event.data); if (checked.ok) handle(checked.message)
 */
export const checkPanelMessage = (x: unknown): ProtocolCheck<PanelMessage> => check(x, PANEL_SOURCE, PANEL_SHAPES, panelShape);

/**
 * Checks a message between the extension's own contexts (the page message some carry is checked
 * by the panel, which reads it).
 *
 * @example
 * port.onMessage.addListener((raw) => { const c = checkExtensionMessage(raw); if (c.ok) route(c.message) })
 */
export const checkExtensionMessage = (x: unknown): ProtocolCheck<ExtensionMessage> => check(x, EXTENSION_SOURCE, EXTENSION_SHAPES);

/** A batch message. @example const batch: BatchMessage = { ...base, kind: 'batch', entries: '[]', count: 0, dropped: 0 } */
export type BatchMessage = Extract<PageMessage, { kind: 'batch' }>;

/**
 * The entries of a checked batch (its JSON text parsed, or its tuples, each checked against
 * {@link ENTRY_TABLE} and turned back into a {@link StreamEntry}), or undefined when any is not a
 * valid {@link WireEntry}. Never throws.
 *
 * @example
 * const entries = readBatch(message); if (entries) store.append(entries); else showMalformed()
 */
export const readBatch = (message: BatchMessage): StreamEntry[] | undefined => {
  let wire: unknown = message.entries;
  if (isString(wire)) {
    try {
      wire = JSON.parse(wire);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(wire)) return undefined;
  const entries: StreamEntry[] = [];
  for (const item of wire) {
    const entry = fromWire(item);
    if (!entry) return undefined;
    entries.push(entry);
  }
  return entries;
};

const isCounts = (x: unknown): x is LeftOutCountsEntry =>
  isRecord(x) && isNumber(x.denied) && isNumber(x['sampled-out']) && isNumber(x['over-cap']);

/**
 * A batch's `leftOut` summary when it carries a valid one, else undefined. Never throws.
 *
 * @example
 * const leftOut = readLeftOut(message); if (leftOut) footer(`${leftOut.total} events not recorded`)
 */
export const readLeftOut = (message: BatchMessage): LeftOutSummary | undefined => {
  const summary: unknown = message.leftOut;
  return isRecord(summary) &&
    isNumber(summary.total) &&
    isCounts(summary.otherTypes) &&
    Array.isArray(summary.byType) &&
    summary.byType.every((row) => isCounts(row) && isString((row as { type?: unknown }).type))
    ? (summary as unknown as LeftOutSummary)
    : undefined;
};

/**
 * A batch's `leaks` list when it carries a valid one, else undefined. Never throws.
 *
 * @example
 * const leaks = readLeaks(message); if (leaks) flag(leaks.map((leak) => leak.name))
 */
export const readLeaks = (message: BatchMessage): readonly LeakSuspectEntry[] | undefined => {
  const leaks: unknown = message.leaks;
  return Array.isArray(leaks) &&
    leaks.every(
      (leak) =>
        isRecord(leak) && (leak.by === 'label' || leak.by === 'key') && isString(leak.name) && isNumber(leak.live) && isNumber(leak.growth),
    )
    ? (leaks as readonly LeakSuspectEntry[])
    : undefined;
};

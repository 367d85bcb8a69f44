// The single definition of every devtools message: page <-> content script <-> service worker
// <-> panel. Every boundary checks what it receives with the guards at the bottom.

/** Bumped on any change a reader could misread. @example if (message.version !== PROTOCOL_VERSION) showMismatch() */
export const PROTOCOL_VERSION = 2;
/** `source` tag of messages the page sends. @example if (event.data?.source === PAGE_SOURCE) relay(event.data) */
export const PAGE_SOURCE = 'hubbub:page';
/** `source` tag of messages the panel sends toward a page. @example post({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect' }) */
export const PANEL_SOURCE = 'hubbub:panel';
/** `source` tag of messages only the extension's own contexts exchange. @example port.postMessage({ source: EXTENSION_SOURCE, kind: 'panel-init', tabId }) */
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

/** One thing that happened on a bus. `seq` orders entries of one instance. @example for (const e of readBatch(batch) ?? []) if (e.type === 'event') list.push(e) */
export type StreamEntry =
  | {
      readonly type: 'event';
      readonly seq: number;
      readonly id: string;
      readonly eventType: string;
      readonly payload: SerializedValue;
      readonly timestamp: number;
      readonly correlationId: string;
      readonly causationId: string | undefined;
      readonly depth: number;
      readonly via: 'emit' | 'publish';
      /** Dispatched or replayed from the panel, not by the app. */
      readonly replayed: boolean;
    }
  | {
      readonly type: 'middleware';
      readonly seq: number;
      readonly eventId: string;
      readonly name: string;
      readonly decision: 'passed' | 'transformed' | 'blocked' | 'threw';
      /** The new value, for `transformed`. */
      readonly value?: SerializedValue;
      readonly error?: SerializedError;
      readonly duration: number;
    }
  | {
      readonly type: 'handler';
      readonly seq: number;
      readonly eventId: string;
      readonly subscriptionId: number;
      readonly label: string;
      readonly duration: number;
      readonly outcome: 'ok' | 'error';
      readonly error?: SerializedError;
      readonly async: boolean;
    }
  | {
      readonly type: 'dispatched';
      readonly seq: number;
      readonly eventId: string;
      readonly delivered: number;
      readonly errorCount: number;
      readonly blockedBy?: string;
    }
  | { readonly type: 'subscription'; readonly seq: number; readonly change: 'added' | 'removed'; readonly subscription: SubscriptionEntry }
  | {
      readonly type: 'storm';
      readonly seq: number;
      readonly eventId: string;
      readonly eventType: string;
      readonly depth: number;
      readonly message: string;
      readonly chain: readonly string[];
    }
  | {
      readonly type: 'saga';
      readonly seq: number;
      readonly saga: string;
      readonly key: string;
      readonly status: 'started' | 'progress' | 'duplicate' | 'completed' | 'timedOut' | 'failed';
      readonly received: readonly string[];
      readonly error?: SerializedError;
    }
  /** The page's own trouble (a throwing sanitizer, an oversized payload...), shown, never fatal. */
  | { readonly type: 'warning'; readonly seq: number; readonly message: string };

/**
 * The fields of each entry type, in the order a {@link WireEntry} carries them after its type.
 * Absent optional fields travel as `null` (or are left off the end).
 */
export const ENTRY_FIELDS = {
  event: ['seq', 'id', 'eventType', 'payload', 'timestamp', 'correlationId', 'causationId', 'depth', 'via', 'replayed'],
  middleware: ['seq', 'eventId', 'name', 'decision', 'duration', 'value', 'error'],
  handler: ['seq', 'eventId', 'subscriptionId', 'label', 'duration', 'outcome', 'async', 'error'],
  dispatched: ['seq', 'eventId', 'delivered', 'errorCount', 'blockedBy'],
  subscription: ['seq', 'change', 'subscription'],
  storm: ['seq', 'eventId', 'eventType', 'depth', 'message', 'chain'],
  saga: ['seq', 'saga', 'key', 'status', 'received', 'error'],
  warning: ['seq', 'message'],
} as const satisfies { readonly [T in StreamEntry['type']]: readonly (keyof Extract<StreamEntry, { type: T }>)[] };

/** Entry fields missing from ENTRY_FIELDS (a field left out would silently not travel): must be none. */
type Unlisted = {
  [T in StreamEntry['type']]: Exclude<keyof Extract<StreamEntry, { type: T }>, 'type' | (typeof ENTRY_FIELDS)[T][number]>;
}[StreamEntry['type']];
/** @internal Fails to compile when {@link ENTRY_FIELDS} misses a field of an entry type. */
export const ENTRY_FIELDS_COMPLETE: [Unlisted] extends [never] ? true : never = true;

/** Fields that may be absent (`null` on the wire). A `transformed` middleware's `value` is always kept, even `null`. */
const OPTIONAL_FIELDS: ReadonlySet<string> = new Set(['causationId', 'value', 'error', 'blockedBy']);

/**
 * A {@link StreamEntry} on the wire: `[type, ...fields in ENTRY_FIELDS order]`, without the keys.
 * Half the JSON of the object, and half the encoding time.
 *
 * @example
 * const w: WireEntry = ['dispatched', 7, 'shop-1', 2, 0] // { type: 'dispatched', seq: 7, eventId: 'shop-1', delivered: 2, errorCount: 0 }
 */
export type WireEntry = readonly [StreamEntry['type'], number, ...unknown[]];

/**
 * An entry as a {@link WireEntry}.
 *
 * @example
 * toWire({ type: 'warning', seq: 3, message: 'hi' }) // ['warning', 3, 'hi']
 */
export const toWire = (entry: StreamEntry): WireEntry => {
  const record = entry as unknown as Record<string, unknown>;
  return [entry.type, entry.seq, ...ENTRY_FIELDS[entry.type].slice(1).map((field) => record[field] ?? null)];
};

/**
 * A {@link WireEntry} as the entry it stands for, or undefined when it is not one (unknown type,
 * missing `seq`). Never throws.
 *
 * @example
 * fromWire(['warning', 3, 'hi']) // { type: 'warning', seq: 3, message: 'hi' }
 */
export const fromWire = (wire: unknown): StreamEntry | undefined => {
  if (!Array.isArray(wire) || typeof wire[1] !== 'number') return undefined;
  const type: unknown = wire[0];
  if (typeof type !== 'string' || !Object.hasOwn(ENTRY_FIELDS, type)) return undefined;
  const fields: readonly string[] = ENTRY_FIELDS[type as StreamEntry['type']];
  const entry: Record<string, unknown> = { type };
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    const value: unknown = wire[i + 1];
    if (value === undefined || (value === null && OPTIONAL_FIELDS.has(field))) {
      if (field === 'value' && entry.decision === 'transformed') entry.value = null;
      else if (!OPTIONAL_FIELDS.has(field)) return undefined;
      continue;
    }
    entry[field] = value;
  }
  return entry as unknown as StreamEntry;
};

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
    });

// ---------------------------------------------------------------------------------------------
// Extension-internal: content script <-> service worker <-> panel (ports)

/** Where a page message came from inside a tab. @example const frame: FrameInfo = { tabId: sender.tab.id, frameId: sender.frameId, frameUrl: sender.url } */
export interface FrameInfo {
  readonly tabId: number;
  readonly frameId: number;
  readonly frameUrl: string;
}

/** Messages between the extension's own contexts. @example if (message.kind === 'to-page') window.postMessage(message.message, location.origin) */
export type ExtensionMessage =
  /** Content script -> service worker -> panel: a page message and its frame. */
  | { readonly source: typeof EXTENSION_SOURCE; readonly kind: 'from-page'; readonly frame: FrameInfo; readonly message: PageMessage }
  /** Panel -> service worker -> content script(s): a panel message for a tab (one frame, or all). */
  | {
      readonly source: typeof EXTENSION_SOURCE;
      readonly kind: 'to-page';
      readonly tabId: number;
      readonly frameId?: number;
      readonly message: PanelMessage;
    }
  /** Panel -> service worker: this panel shows this tab. */
  | { readonly source: typeof EXTENSION_SOURCE; readonly kind: 'panel-init'; readonly tabId: number }
  /** Service worker -> panel: what it knows about the tab's connection. */
  | {
      readonly source: typeof EXTENSION_SOURCE;
      readonly kind: 'tab-status';
      readonly tabId: number;
      /** `no-content-script`: the tab was open before the extension was installed: reload it. */
      readonly status: 'connected' | 'no-content-script' | 'navigated';
    }
  /** Service worker -> panel: a frame's content script went away (navigation, bfcache, closing). */
  | { readonly source: typeof EXTENSION_SOURCE; readonly kind: 'frame-gone'; readonly frame: FrameInfo }
  /** Content script -> service worker: a checked page message; the worker adds the frame from the port's sender. */
  | { readonly source: typeof EXTENSION_SOURCE; readonly kind: 'relay'; readonly message: PageMessage }
  /**
   * Content script -> service worker -> panel: the page spoke our tag but a message was refused
   * (another protocol version, or a bad shape), so the panel can say so instead of staying silent.
   * The worker adds `frame`.
   */
  | {
      readonly source: typeof EXTENSION_SOURCE;
      readonly kind: 'page-rejected';
      readonly reason: 'version-mismatch' | 'malformed';
      /** The version the page spoke, for `version-mismatch`. */
      readonly pageVersion?: unknown;
      readonly detail?: string;
      readonly frame?: FrameInfo;
    }
  /** Service worker -> content script: whether a panel shows this tab (the content script holds messages while none does). */
  | { readonly source: typeof EXTENSION_SOURCE; readonly kind: 'panel-presence'; readonly attached: boolean };

// ---------------------------------------------------------------------------------------------
// Guards

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const PAGE_KINDS: ReadonlySet<string> = new Set(['hello', 'batch', 'snapshot', 'dispatch-result', 'goodbye']);
const PANEL_KINDS: ReadonlySet<string> = new Set(['connect', 'disconnect', 'pause', 'resume', 'clear', 'request-snapshot', 'dispatch']);
const EXTENSION_KINDS: ReadonlySet<string> = new Set([
  'from-page',
  'to-page',
  'panel-init',
  'tab-status',
  'frame-gone',
  'relay',
  'page-rejected',
  'panel-presence',
]);

/** What a reader makes of a message that carries one of our source tags. @example const c: ProtocolCheck<PageMessage> = checkPageMessage(data) */
export type ProtocolCheck<M> =
  | { readonly ok: true; readonly message: M }
  | { readonly ok: false; readonly reason: 'foreign' }
  | { readonly ok: false; readonly reason: 'version-mismatch'; readonly version: unknown }
  | { readonly ok: false; readonly reason: 'malformed'; readonly detail: string };

const check = <M>(
  x: unknown,
  source: string,
  kinds: ReadonlySet<string>,
  shape: (m: Record<string, unknown>) => string | undefined,
): ProtocolCheck<M> => {
  if (!isRecord(x) || x.source !== source) return { ok: false, reason: 'foreign' };
  if (x.version !== PROTOCOL_VERSION) return { ok: false, reason: 'version-mismatch', version: x.version };
  if (!isString(x.kind) || !kinds.has(x.kind)) return { ok: false, reason: 'malformed', detail: `unknown kind ${JSON.stringify(x.kind)}` };
  const problem = shape(x);
  return problem ? { ok: false, reason: 'malformed', detail: problem } : { ok: true, message: x as M };
};

const isWireEntry = (e: unknown): boolean => Array.isArray(e) && isString(e[0]) && typeof e[1] === 'number';

const pageShape = (m: Record<string, unknown>): string | undefined => {
  if (!isString(m.sessionId) || !isString(m.instanceId)) return 'missing sessionId or instanceId';
  if (m.kind === 'hello' && !(isRecord(m.instance) && isString(m.instance.id) && isString(m.instance.name)))
    return 'hello without instance';
  if (
    m.kind === 'batch' &&
    !(
      (isString(m.entries) || (Array.isArray(m.entries) && m.entries.every(isWireEntry))) &&
      typeof m.count === 'number' &&
      typeof m.dropped === 'number'
    )
  )
    return 'batch without entries';
  if (m.kind === 'snapshot' && !Array.isArray(m.subscriptions)) return 'snapshot without subscriptions';
  if (m.kind === 'dispatch-result' && (!isString(m.requestId) || typeof m.ok !== 'boolean')) return 'dispatch-result without requestId/ok';
  return undefined;
};

const panelShape = (m: Record<string, unknown>): string | undefined => {
  if (m.instanceId !== undefined && !isString(m.instanceId)) return 'instanceId must be a string';
  if (m.kind === 'dispatch' && (!isString(m.requestId) || !isString(m.eventType) || (m.mode !== 'dispatch' && m.mode !== 'replay'))) {
    return 'dispatch needs requestId, eventType and mode';
  }
  return undefined;
};

const isFrame = (f: unknown): boolean =>
  isRecord(f) && typeof f.tabId === 'number' && typeof f.frameId === 'number' && isString(f.frameUrl);

const extensionShape = (m: Record<string, unknown>): string | undefined => {
  switch (m.kind) {
    case 'from-page':
      return isFrame(m.frame) && checkPageMessage(m.message).ok ? undefined : 'from-page needs a frame and a valid page message';
    case 'to-page':
      return typeof m.tabId === 'number' && checkPanelMessage(m.message).ok ? undefined : 'to-page needs a tabId and a valid panel message';
    case 'frame-gone':
      return isFrame(m.frame) ? undefined : 'frame-gone needs a frame';
    case 'relay':
      return checkPageMessage(m.message).ok ? undefined : 'relay needs a valid page message';
    case 'page-rejected':
      return m.reason === 'version-mismatch' || m.reason === 'malformed' ? undefined : 'page-rejected needs a reason';
    case 'panel-presence':
      return typeof m.attached === 'boolean' ? undefined : 'panel-presence needs attached: boolean';
    default:
      return typeof m.tabId === 'number' ? undefined : `${String(m.kind)} needs a tabId`;
  }
};

/**
 * Checks a message claimed to come from a page: right tag, right version, known kind, sane shape.
 *
 * @example
 * const checked = checkPageMessage(event.data)
 * if (checked.ok) store.receive(checked.message)
 * else if (checked.reason === 'version-mismatch') store.showVersionMismatch(checked.version)
 */
export const checkPageMessage = (x: unknown): ProtocolCheck<PageMessage> => check(x, PAGE_SOURCE, PAGE_KINDS, pageShape);

/**
 * Checks a message claimed to come from the panel.
 *
 * @example
 * const checked = checkPanelMessage(event.data); if (checked.ok) handle(checked.message)
 */
export const checkPanelMessage = (x: unknown): ProtocolCheck<PanelMessage> => check(x, PANEL_SOURCE, PANEL_KINDS, panelShape);

/**
 * Checks a message between the extension's own contexts.
 *
 * @example
 * port.onMessage.addListener((raw) => { const c = checkExtensionMessage(raw); if (c.ok) route(c.message) })
 */
export const checkExtensionMessage = (x: unknown): ProtocolCheck<ExtensionMessage> =>
  check(x, EXTENSION_SOURCE, EXTENSION_KINDS, extensionShape);

/** A batch message. @example const batch: BatchMessage = { ...base, kind: 'batch', entries: '[]', count: 0, dropped: 0 } */
export type BatchMessage = Extract<PageMessage, { kind: 'batch' }>;

/**
 * The entries of a checked batch (its JSON text parsed, or its tuples, turned back into
 * {@link StreamEntry} objects), or undefined when they are not an array of valid {@link WireEntry}
 * tuples. Never throws.
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

/** True for a valid page message. @example if (isPageMessage(data)) relay(data) */
export const isPageMessage = (x: unknown): x is PageMessage => checkPageMessage(x).ok;
/** True for a valid panel message. @example if (isPanelMessage(data)) handle(data) */
export const isPanelMessage = (x: unknown): x is PanelMessage => checkPanelMessage(x).ok;
/** True for a valid extension-internal message. @example if (isExtensionMessage(m)) route(m) */
export const isExtensionMessage = (x: unknown): x is ExtensionMessage => checkExtensionMessage(x).ok;

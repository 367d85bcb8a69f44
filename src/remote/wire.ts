/**
 * The relay's wire format, shared by the browser client (`hubbub/remote`) and the Node relay
 * (`hubbub/relay`). Every frame is one JSON text message with an `op` tag. Events travel as
 * CloudEvents 1.0 JSON envelopes; `dataversion` (an extension attribute) carries the event version.
 * See docs/RELAY.md.
 */

/** Wire protocol version, sent in `hello` and `welcome`. */
export const WIRE_VERSION = 1;

/**
 * A CloudEvents 1.0 JSON envelope as Hubbub sends it.
 *
 * @example
 * const event: CloudEvent = { specversion: '1.0', id: 'shop-1.7', source: 'tab-3f2', type: 'cart/added', time: '2026-11-24T16:00:00Z', datacontenttype: 'application/json', dataversion: 2, data: { sku: 'tea', qty: 1 } }
 */
export interface CloudEvent {
  readonly specversion: '1.0';
  /** Unique per source: (source, id) identifies an event for deduplication. */
  readonly id: string;
  /** The publishing client's id. */
  readonly source: string;
  /** The Hubbub event type (string key or class event name). */
  readonly type: string;
  /** RFC 3339 time of publication. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  /** Extension attribute: the event's version in the registry. */
  readonly dataversion: number;
  readonly data: unknown;
}

/**
 * A position in a channel: the relay's epoch for it and the offset of the last event seen.
 *
 * @example
 * const saved: Record<string, ChannelPosition> = remote.positions()
 * connectRemote(bus, { ...options, resume: saved }) // after a reload
 */
export interface ChannelPosition {
  readonly epoch: string;
  readonly offset: string;
}

/** Frames a client sends. */
export type ClientFrame =
  | {
      readonly op: 'hello';
      readonly version: number;
      readonly source: string;
      /** Proves this client owns `source`: the relay binds a source to the first secret it sees for it. */
      readonly secret?: string;
      readonly token?: string;
    }
  | {
      readonly op: 'subscribe';
      readonly channel: string;
      /** Resume after this position (every later event follows). */
      readonly from?: ChannelPosition;
      /** Without `from`: first send up to this many of the newest retained events. */
      readonly rewind?: number;
      /** Without `from`: first send the retained events stored at or after this time (RFC 3339 or ms since 1970). */
      readonly since?: string | number;
    }
  | { readonly op: 'unsubscribe'; readonly channel: string }
  | { readonly op: 'publish'; readonly channel: string; readonly event: CloudEvent };

/**
 * One delivered event and its offset within the channel's epoch.
 *
 * @example
 * const delivered: DeliveredEvent = { offset: '1700000000000-0', event: cloudEvent }
 */
export interface DeliveredEvent {
  readonly offset: string;
  readonly event: CloudEvent;
}

/**
 * Why the relay refused a frame: `RemoteRejectedError.code`.
 *
 * @example
 * onError: (e) => { if (e instanceof RemoteRejectedError && e.code === 'rate_limited') slowDown() }
 */
export type ErrorCode =
  | 'malformed'
  | 'frame_too_large'
  | 'event_too_large'
  | 'unauthorized'
  | 'unknown_channel'
  | 'unknown_type'
  | 'invalid_event'
  | 'rate_limited'
  | 'unavailable';

/** Codes after which resending the same frame later may succeed. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set(['rate_limited', 'unavailable']);

/** Frames the relay sends. */
export type ServerFrame =
  | {
      readonly op: 'welcome';
      readonly version: number;
      readonly node: string;
      readonly limits: { readonly maxFrameBytes: number; readonly maxEventBytes: number };
    }
  | {
      readonly op: 'subscribed';
      readonly channel: string;
      readonly epoch: string;
      /** The offset the live stream continues after (missed events, if any, come first). */
      readonly offset: string;
      /** true: every event after the client's `from` follows. false: the client must reload state. */
      readonly recovered: boolean;
      readonly reason?: string;
    }
  | { readonly op: 'events'; readonly channel: string; readonly epoch: string; readonly events: readonly DeliveredEvent[] }
  /** The channel's epoch changed under a live subscription (storage lost): reload state. */
  | { readonly op: 'resync'; readonly channel: string; readonly epoch: string; readonly offset: string; readonly reason: string }
  | { readonly op: 'ack'; readonly id: string; readonly channel: string; readonly offset: string }
  /** Answers every unsubscribe, subscribed or not. */
  | { readonly op: 'unsubscribed'; readonly channel: string }
  | {
      readonly op: 'error';
      readonly code: ErrorCode;
      readonly message: string;
      /** The event id or channel the error is about, when there is one. */
      readonly ref?: string;
      /** The channel of the refused subscribe or publish. */
      readonly channel?: string;
      readonly retryAfterMs?: number;
    };

/**
 * WebSocket close codes the relay uses (4000-4999 is the application range).
 *
 * @example
 * onStatus: (s) => s.code === CLOSE_CODES.slowConsumer && console.warn('this tab reads too slowly')
 */
export const CLOSE_CODES = {
  /** The client read too slowly; reconnect and resume from the last offset. */
  slowConsumer: 4008,
  /** The relay is shutting down; reconnect (to another node). */
  goingAway: 1001,
  /** A frame exceeded the hard size limit. */
  tooLarge: 1009,
  /** The relay's storage failed while serving a subscription; reconnect and resume. */
  unavailable: 1011,
  /** No hello in time, or hello claimed a source another client holds. */
  policy: 1008,
  /** The relay is at its connection limit; try again later or another relay. */
  tryAgainLater: 1013,
} as const;

/** Most events one subscribe may ask to rewind. */
export const MAX_REWIND = 100_000;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown, max = 256): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** Channel names: 1-128 letters, digits and `._:/-`. */
export const CHANNEL_PATTERN = /^[A-Za-z0-9._:/-]{1,128}$/;

/**
 * Checks a CloudEvent from untrusted input; returns a problem description, or undefined when valid.
 *
 * @example
 * const problem = checkCloudEvent(frame.event); if (problem) refuse(problem)
 */
export const checkCloudEvent = (e: unknown): string | undefined => {
  if (!isObject(e)) return 'event must be a CloudEvents JSON object';
  if (e.specversion !== '1.0') return 'event.specversion must be "1.0"';
  if (!isText(e.id)) return 'event.id must be a non-empty string of at most 256 characters';
  if (!isText(e.source)) return 'event.source must be a non-empty string of at most 256 characters';
  if (!isText(e.type)) return 'event.type must be a non-empty string of at most 256 characters';
  if (typeof e.time !== 'string' || Number.isNaN(Date.parse(e.time))) return 'event.time must be an RFC 3339 timestamp';
  if (e.datacontenttype !== undefined && e.datacontenttype !== 'application/json')
    return 'event.datacontenttype must be "application/json"';
  if (!Number.isInteger(e.dataversion) || (e.dataversion as number) < 1) return 'event.dataversion must be a whole number >= 1';
  if (!('data' in e)) return 'event.data is missing';
  return undefined;
};

const checkRewind = (value: Record<string, unknown>): string | undefined => {
  const { rewind, since, from } = value;
  if (rewind !== undefined && (!Number.isInteger(rewind) || (rewind as number) < 0 || (rewind as number) > MAX_REWIND))
    return `subscribe.rewind must be a whole number from 0 to ${MAX_REWIND}`;
  if (since !== undefined && sinceMs(since) === undefined) return 'subscribe.since must be an RFC 3339 time or milliseconds since 1970';
  if (from !== undefined && (rewind !== undefined || since !== undefined))
    return 'subscribe takes from (resume) or rewind/since (history), not both';
  return undefined;
};

/**
 * The time a `since` value names, in ms since 1970; undefined when it names none.
 *
 * @example
 * sinceMs('2026-11-30T06:00:00Z') // 1796018400000
 */
export const sinceMs = (since: unknown): number | undefined => {
  const ms = typeof since === 'number' ? since : typeof since === 'string' ? Date.parse(since) : Number.NaN;
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

const checkPosition = (p: unknown): p is ChannelPosition => isObject(p) && isText(p.epoch) && isText(p.offset, 64);

/**
 * Parses one client frame; returns the frame or a problem description naming the fix.
 *
 * @example
 * const frame = parseClientFrame(text); if (typeof frame === 'string') sendError('malformed', frame)
 */
export const parseClientFrame = (text: string): ClientFrame | string => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'frame is not JSON; send one JSON object per message';
  }
  if (!isObject(value)) return 'frame must be a JSON object with an "op" field';
  switch (value.op) {
    case 'hello':
      if (!isText(value.source)) return 'hello.source must be a non-empty string';
      if (value.token !== undefined && typeof value.token !== 'string') return 'hello.token must be a string';
      if (value.secret !== undefined && !isText(value.secret)) return 'hello.secret must be a non-empty string of at most 256 characters';
      return value as ClientFrame;
    case 'subscribe':
    case 'unsubscribe':
    case 'publish':
      if (typeof value.channel !== 'string' || !CHANNEL_PATTERN.test(value.channel)) {
        return `${value.op}.channel must match ${CHANNEL_PATTERN}`;
      }
      if (value.op === 'subscribe' && value.from !== undefined && !checkPosition(value.from)) {
        return 'subscribe.from must be { epoch: string, offset: string }';
      }
      if (value.op === 'subscribe') {
        const problem = checkRewind(value);
        if (problem) return problem;
      }
      if (value.op === 'publish') {
        const problem = checkCloudEvent(value.event);
        if (problem) return problem;
      }
      return value as ClientFrame;
    default:
      return `unknown op ${JSON.stringify(value.op)}; expected hello, subscribe, unsubscribe or publish`;
  }
};

/**
 * The shape of a JSON value: a `typeof` name (`?` when it may be missing), an object's fields, or
 * an array's element (one-element tuple).
 */
type Shape = string | readonly [Shape] | { readonly [field: string]: Shape };

/** Each server frame's fields, as far as the client reads them. */
const SERVER_FRAMES: { readonly [op in ServerFrame['op']]: Shape } = {
  welcome: { version: 'number', node: 'string', limits: { maxFrameBytes: 'number', maxEventBytes: 'number' } },
  subscribed: { channel: 'string', epoch: 'string', offset: 'string', recovered: 'boolean', reason: 'string?' },
  events: {
    channel: 'string',
    epoch: 'string',
    // The registry decodes and validates the rest of each event.
    events: [{ offset: 'string', event: { id: 'string', source: 'string', type: 'string' } }],
  },
  resync: { channel: 'string', epoch: 'string', offset: 'string', reason: 'string' },
  ack: { id: 'string', channel: 'string', offset: 'string' },
  unsubscribed: { channel: 'string' },
  error: { code: 'string', message: 'string', ref: 'string?', channel: 'string?', retryAfterMs: 'number?' },
};

/** Checks `value` against `shape`; returns the first problem, naming its path, or undefined. */
const checkShape = (value: unknown, shape: Shape, path: string): string | undefined => {
  if (typeof shape === 'string') {
    const type = shape.replace('?', '');
    return typeof value === type || (value === undefined && type !== shape) ? undefined : `${path} must be a ${type}`;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `${path} must be an array`;
    for (let i = 0; i < value.length; i++) {
      const problem = checkShape(value[i], shape[0], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isObject(value)) return `${path} must be an object`;
  for (const [field, fieldShape] of Object.entries(shape)) {
    const problem = checkShape(value[field], fieldShape, `${path}.${field}`);
    if (problem) return problem;
  }
  return undefined;
};

/**
 * Parses one server frame; returns the frame, or a problem description when it is not JSON or
 * not shaped as the protocol says (the client trusts the relay's shapes but not blindly: junk is
 * ignored, and reported, never thrown).
 *
 * @example
 * const frame = parseServerFrame(message.data); if (typeof frame === 'string') report(frame); else if (frame.op === 'events') deliver(frame.events)
 */
export const parseServerFrame = (text: unknown): ServerFrame | string => {
  let value: unknown;
  try {
    value = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return 'frame is not JSON';
  }
  if (!isObject(value)) return 'frame is not a JSON object';
  const { op } = value;
  if (typeof op !== 'string' || !Object.hasOwn(SERVER_FRAMES, op)) return `unknown op ${JSON.stringify(op)}`;
  return checkShape(value, SERVER_FRAMES[op as ServerFrame['op']], op) ?? (value as unknown as ServerFrame);
};

/**
 * Orders two offsets (`<ms>-<seq>`, as Redis stream ids): negative, zero or positive.
 *
 * @example
 * compareOffsets('5-1', '5-10') < 0 // true
 */
export const compareOffsets = (a: string, b: string): number => {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
};

import { releaseOnCall } from '../async/release-on-call';
import type { Bus } from '../core/bus';
import { eventTypeOf } from '../core/event-type';
import type { EventRegistry } from '../registry/create-registry';
import { createBridge } from '../tabs/bridge';
import { checkTransportOptions } from '../tabs/check-options';
import { encodeEvent } from '../tabs/encode-event';
import { callApp, reportToBus, type TransportObservation } from '../tabs/transport-report';
import { backoffDelay } from './backoff';
import { OutboxFullError, RemoteRejectedError } from './errors';
import { createOutbox } from './outbox';
import { toPlainJson } from './plain-json';
import type { RemoteConnection, RemoteOptions, RemoteStatus, WebSocketLike } from './remote-options';
import {
  CHANNEL_PATTERN,
  type ChannelPosition,
  type CloudEvent,
  parseServerFrame,
  RETRYABLE_CODES,
  type ServerFrame,
  WIRE_VERSION,
} from './wire';

/** What a relay URL looks like (browsers and `ws` also accept http(s) and upgrade it). */
const RELAY_URL = /^(wss?|https?):\/\/[^\s/]/;
const DEFAULT_RETRY_MS = 1000;
const isRelayUrl = (url: unknown): url is string => typeof url === 'string' && RELAY_URL.test(url);

const utf8 = new TextEncoder();

/** The connection as connectRemote uses it: the status is written on it. */
type LiveConnection = RemoteConnection & { status: RemoteStatus };

/**
 * The object the app keeps: it reads the positions and outbox it is handed, carries the status
 * connectRemote writes on it, and closes through `close`, let go of once called. Made here, not in
 * connectRemote: V8 keeps one scope object for all the closures a function makes, so an object
 * with methods made there would keep the bus, its handlers and the app's callbacks for as long as
 * the app keeps the connection (a field, a module variable), closed or not.
 */
const heldConnection = (
  source: string,
  status: RemoteStatus,
  positions: Map<string, ChannelPosition>,
  outbox: { readonly size: number },
  close: () => void,
): LiveConnection => ({
  source,
  status,
  positions: () => Object.fromEntries(positions),
  get outboxSize() {
    return outbox.size;
  },
  close: releaseOnCall(close),
});

/**
 * Bridges chosen event types of a bus to a relay (`hubbub/relay`). Local handlers run first and
 * immediately; sending is fire-and-forget (events wait in a bounded outbox while offline and until
 * acked). It reconnects with jittered, capped backoff, resumes every channel from its last offset,
 * and calls `onResync` when events were lost and state must be reloaded. Every connection of a bus
 * (to relays, to other tabs) sends under the bus's one `source`, and the bus delivers each event,
 * known by (source, id), once: one that arrives by the relay and from another tab, by two
 * connections, or again in a replay runs its handlers once.
 *
 * Data that cannot become JSON, an event above the relay's size limits (`maxEventBytes`, and
 * `maxFrameBytes` for its publish frame), or a full outbox throw a TypeError/OutboxFullError to the
 * publisher, synchronously (in `PublishReport.errors`, and to `onError`, else the bus's `onError`).
 * An event queued before the relay's welcome named its limits, and too large for them, is dropped
 * and reported to `onError`. Once closed, the connection keeps nothing of the bus, however long the
 * app keeps it.
 *
 * @example
 * const remote = connectRemote(bus, {
 *   url: ['wss://relay-a.example/ws', 'wss://relay-b.example/ws'],
 *   channels: ['shop'], types: ['cart/added', OrderPlaced], registry, token: () => auth.token,
 *   onResync: () => refetchCart(),
 * })
 */
export const connectRemote = <E extends object>(bus: Bus<E>, options: RemoteOptions<E>): RemoteConnection => {
  if (process.env.NODE_ENV !== 'production') checkTransportOptions('connectRemote', options);
  const { channels, types } = options;
  const registry = options.registry as unknown as EventRegistry<never>;
  const given: unknown[] = [options.url].flat();
  const badUrls = given.filter((url) => !isRelayUrl(url));
  const urlError = `${badUrls.map((url) => String(JSON.stringify(url))).join(', ')} is not a relay URL; pass one like wss://relay.example/ws`;
  const urls = given.filter(isRelayUrl);
  const WS = options.WebSocket ?? (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!WS) {
    throw new TypeError(
      '[hubbub/remote] no WebSocket here (Node before 22 has none): install ws in your app (npm install ws) and pass it: import { WebSocket } from "ws"; connectRemote(bus, { ...options, WebSocket }).',
    );
  }
  if (given.length === 0) throw new TypeError('[hubbub/remote] options.url must be a relay URL or a non-empty list of them.');
  if (channels.length === 0) throw new TypeError('[hubbub/remote] options.channels must name at least one channel.');
  const typeNames = new Set(types.map((t) => (typeof t === 'string' ? t : eventTypeOf(t))));
  for (const type of typeNames) {
    if (!registry.has(type))
      throw new TypeError(
        `[hubbub/remote] type "${type}" is not in the registry; add registry.define('${type}', ...) before connectRemote().`,
      );
  }
  const publishTo = options.publishTo ?? (channels[0] as string);
  // The relay would refuse a bad name without naming the event, which would then wait in the outbox for ever.
  const channelOf = (type: string) => {
    const channel = typeof publishTo === 'function' ? publishTo(type) : publishTo;
    if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel))
      throw new TypeError(
        `[hubbub/remote] cannot send "${type}" to channel "${channel}": publishTo must name a channel matching ${CHANNEL_PATTERN}.`,
      );
    return channel;
  };
  // A Date goes as its JSON, RFC 3339 text. Checked here as the relay checks it: a bad one would
  // otherwise be refused only after connecting, through onError.
  const { since } = options;
  if (since !== undefined && !(+new Date(since) >= 0))
    throw new TypeError(`[hubbub/remote] options.since ${since} is not a Date, RFC 3339 time or ms since 1970.`);
  const name = urls.join(',');
  const outboxLimit = options.outboxLimit ?? 1000;
  const outbox = createOutbox();
  const positions = new Map<string, ChannelPosition>(Object.entries(options.resume ?? {}));
  const anyBus = bus as unknown as Bus<never>;
  let ws: WebSocketLike | undefined;
  let welcomed = false;
  let closed = false;
  let attempt = 0;
  let urlIndex = 0;
  // The relay's limits, from its welcome; until then every event is queued and checked on welcome.
  let maxEventBytes = Infinity;
  let maxFrameBytes = Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The one retry timer: when the first event refused for now may be resent. */
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryAt = 0;
  let delivering: Promise<void> = Promise.resolve();

  const report = (event: TransportObservation['event'], message: string, error?: unknown) =>
    reportToBus(anyBus, { kind: 'transport', transport: 'remote', name, event, message, error });
  const setStatus = (next: RemoteStatus) => {
    connection.status = next;
    report('status', `${next.state} ${next.url}`);
    callApp('hubbub/remote', 'onStatus', options.onStatus, next);
  };
  const fail = (error: Error, event: 'send-failed' | 'invalid' = 'send-failed') => {
    report(event, error.message, error);
    if (options.onError) callApp('hubbub/remote', 'onError', options.onError, error);
    else console.error(error);
  };
  /**
   * The error for a publish frame the relay would refuse for its size; undefined when it fits.
   * `envelope`: the frame's characters around the event's JSON (ASCII, as channel names are).
   */
  const sizeError = (type: string, frame: string, envelope: number): TypeError | undefined => {
    const accepted = Math.min(maxEventBytes, maxFrameBytes - envelope);
    // The relay measures UTF-8 bytes; a UTF-16 unit takes at most 3, so small events are not encoded.
    const bytes = (frame.length - envelope) * 3 > accepted ? utf8.encode(frame).length - envelope : 0;
    if (bytes > accepted)
      return new TypeError(
        `[hubbub/remote] cannot send "${type}": it is ${bytes} bytes and the relay accepts ${accepted}. Send ids, not whole records.`,
      );
  };
  const flush = () => {
    // Welcomed, the socket is open (or closing: it takes frames without a word, and its close has
    // everything unacked sent again).
    if (!welcomed) return;
    const { frames, blockedUntil } = outbox.takeDue(Date.now());
    for (const frame of frames) ws?.send(frame);
    if (blockedUntil !== undefined) retryFrom(blockedUntil);
  };
  /** Arms the one retry timer for `at`, unless it already fires sooner. */
  const retryFrom = (at: number) => {
    if (retryTimer !== undefined && retryAt <= at) return;
    clearTimeout(retryTimer);
    retryAt = at;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      flush();
    }, at - Date.now());
  };

  const bridge = createBridge(
    anyBus,
    options,
    (type, event, ctx) => {
      if (outbox.size >= outboxLimit) throw new OutboxFullError(type, outboxLimit);
      const envelope = encodeEvent(registry, type, event, 'hubbub/remote');
      const cloudEvent: CloudEvent = {
        specversion: '1.0',
        id: ctx.id,
        source,
        type,
        time: new Date(ctx.timestamp).toISOString(),
        datacontenttype: 'application/json',
        dataversion: envelope.version,
        data: envelope.data,
      };
      let json: string;
      try {
        json = toPlainJson(cloudEvent);
      } catch (error) {
        throw new TypeError(
          `[hubbub/remote] cannot send "${type}": its data cannot be turned into JSON faithfully (${(error as Error).message}). Send plain data: no BigInt, cycles, functions, symbols, Maps, Sets or other objects JSON empties.`,
        );
      }
      const frame = `{"op":"publish","channel":${JSON.stringify(channelOf(type))},"event":${json}}`;
      const checkSize = () => sizeError(type, frame, frame.length - json.length);
      const tooLarge = checkSize();
      if (tooLarge) throw tooLarge;
      // Checked again on each welcome: each relay may name smaller limits.
      outbox.add(cloudEvent.id, frame, checkSize);
      flush();
    },
    'hubbub/remote',
    process.env.NODE_ENV !== 'production' ? `the relay at ${urls.join(', ')}` : '',
  );
  const { source, secret } = bridge;

  const receive = async (channel: string, item: { offset: string; event: CloudEvent }) => {
    const { event } = item;
    if (event.source === source || !typeNames.has(event.type) || !bridge.firstArrival(event.source, event.id)) return;
    try {
      const decoded = await registry.decode({ type: event.type, version: event.dataversion, data: event.data });
      bridge.deliver(decoded.key, decoded.event);
    } catch (error) {
      report('invalid', `${channel}: ${(error as Error).message}`, error);
      if (options.onInvalid) callApp('hubbub/remote', 'onInvalid', options.onInvalid, error as Error, event);
      else console.error(error);
    }
  };

  const resync = (channel: string, position: ChannelPosition, reason: string) => {
    positions.set(channel, position);
    report('resync', `${channel}: ${reason}`);
    callApp('hubbub/remote', 'onResync', options.onResync, { channel, reason, position });
  };

  const onFrame = (frame: ServerFrame) => {
    switch (frame.op) {
      case 'welcome': {
        welcomed = true;
        attempt = 0;
        ({ maxEventBytes, maxFrameBytes } = frame.limits);
        // Events queued before this relay named its limits: it would refuse one too large without
        // naming it (frame_too_large), or close the socket on it (1009) after every reconnect.
        for (const tooLarge of outbox.dropFailing()) fail(tooLarge);
        setStatus({ state: 'open', url: connection.status.url, attempt: 0 });
        for (const channel of channels) {
          const from = positions.get(channel);
          // Undefined fields vanish in JSON: resume from `from`, else ask for the history wanted, if any.
          ws?.send(JSON.stringify(from ? { op: 'subscribe', channel, from } : { op: 'subscribe', channel, rewind: options.rewind, since }));
        }
        flush();
        return;
      }
      case 'subscribed': {
        const had = positions.has(frame.channel);
        const position = { epoch: frame.epoch, offset: frame.offset };
        if (had && !frame.recovered) resync(frame.channel, position, frame.reason ?? 'events were missed; reload state');
        else positions.set(frame.channel, position);
        return;
      }
      case 'events':
        for (const item of frame.events) {
          positions.set(frame.channel, { epoch: frame.epoch, offset: item.offset });
          delivering = delivering.then(() => receive(frame.channel, item));
        }
        return;
      case 'resync':
        resync(frame.channel, { epoch: frame.epoch, offset: frame.offset }, frame.reason);
        return;
      case 'ack':
        outbox.settle(frame.id);
        return;
      case 'error': {
        if (frame.ref !== undefined && RETRYABLE_CODES.has(frame.code)) {
          // Only this event is resent, when the relay said; later ones wait behind it (one timer).
          if (outbox.refuse(frame.ref, Date.now() + (frame.retryAfterMs ?? DEFAULT_RETRY_MS))) flush();
          return;
        }
        if (frame.ref !== undefined) outbox.settle(frame.ref);
        fail(new RemoteRejectedError(frame.code, frame.message, frame.ref, frame.channel));
        return;
      }
    }
  };

  const connect = async () => {
    timer = undefined;
    const url = urls[urlIndex % urls.length] as string;
    setStatus({ state: attempt === 0 ? 'connecting' : 'reconnecting', url, attempt });
    let token: string | undefined;
    try {
      token = typeof options.token === 'function' ? await options.token() : options.token;
    } catch (error) {
      fail(new Error(`[hubbub/remote] options.token() failed: ${(error as Error).message}`, { cause: error }));
    }
    if (closed) return;
    let socket: WebSocketLike;
    try {
      socket = new WS(url);
    } catch (error) {
      fail(error as Error);
      return retryLater({ reason: String(error) });
    }
    ws = socket;
    welcomed = false;
    socket.onopen = () => {
      socket.send(JSON.stringify({ op: 'hello', version: WIRE_VERSION, source, secret, token }));
    };
    socket.onmessage = (message: { data: unknown }) => {
      if (ws !== socket) return;
      const text = String(message.data);
      const frame = parseServerFrame(text);
      if (typeof frame !== 'string') onFrame(frame);
      else fail(new Error(`[hubbub/remote] ignored a frame from the relay (${frame}): ${JSON.stringify(text.slice(0, 200))}`), 'invalid');
    };
    socket.onerror = () => {};
    socket.onclose = (event: { code?: number; reason?: string }) => {
      if (ws !== socket) return;
      ws = undefined;
      welcomed = false;
      retryLater(event);
    };
  };
  /** The socket is gone (or never opened): everything unacked goes again on the next one, after a backoff. */
  const retryLater = (event: { code?: number; reason?: string }) => {
    outbox.resendAll();
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (closed) return;
    attempt++;
    urlIndex++;
    const delayMs = backoffDelay(attempt, options.backoff);
    // Armed before the app hears of it, so a close() from its onStatus clears it.
    timer = setTimeout(start, delayMs);
    setStatus({
      state: 'reconnecting',
      url: urls[urlIndex % urls.length] as string,
      attempt,
      delayMs,
      code: event.code ?? 1006,
      reason: event.reason ?? '',
    });
  };
  // Nothing in connect() may become an unhandled rejection (an app's onStatus that throws, say).
  const start = () => connect().catch(fail);

  const teardown = () => {
    closed = true;
    clearTimeout(timer);
    clearTimeout(retryTimer);
    bridge.close();
    outbox.clear();
    ws?.close(1000, 'client closed');
    ws = undefined;
    setStatus({ state: 'closed', url: connection.status.url, attempt, ...(urls.length > 0 ? {} : { reason: urlError }) });
  };
  const connection = heldConnection(
    source,
    { state: 'connecting', url: urls[0] ?? String(given[0]), attempt: 0 },
    positions,
    outbox,
    teardown,
  );
  // A bad URL is reported (onError, onStatus), never thrown from a timer or left as an unhandled rejection.
  if (badUrls.length > 0) fail(new TypeError(`[hubbub/remote] options.url: ${urlError}.`));
  if (urls.length > 0) start();
  else connection.close();
  return connection;
};

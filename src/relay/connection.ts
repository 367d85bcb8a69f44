import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { EventRegistry } from '../registry/create-registry';
import {
  CLOSE_CODES,
  type ClientFrame,
  type CloudEvent,
  type ErrorCode,
  parseClientFrame,
  type ServerFrame,
  sinceMs,
  WIRE_VERSION,
} from '../remote/wire';
import { checkAccess } from './authorization';
import { type createChannelHubs, deliver, type Subscriber } from './channel-hub';
import type { Engine, RewindRequest } from './engine';
import type { RelayMetrics } from './metrics';
import { createPublishGate, UNAVAILABLE_RETRY_MS } from './publish-gate';
import type { Authorize } from './relay-options';
import { replay, resumeVerdict } from './resume';
import type { SourceClaims } from './source-claims';
import { createTokenBucket } from './token-bucket';

/** What every connection of one relay shares. */
export interface ConnectionContext {
  readonly node: string;
  readonly engine: Engine;
  readonly hubs: ReturnType<typeof createChannelHubs>;
  readonly claims: SourceClaims;
  readonly metrics: RelayMetrics;
  readonly allowed: (channel: string) => boolean;
  readonly authorize: Authorize;
  readonly registry: Pick<EventRegistry, 'has' | 'decode'> | undefined;
  readonly limits: {
    readonly maxFrameBytes: number;
    readonly hardFrameBytes: number;
    readonly maxEventBytes: number;
    readonly maxBufferedBytes: number;
    readonly replayPage: number;
    /** About the most UTF-8 bytes of events per frame, live or replayed (a frame holds at least one event). */
    readonly frameBytes: number;
    readonly helloTimeoutMs: number;
    readonly rateLimit: { perSecond: number; burst: number } | false;
  };
  readonly log: (message: string) => void;
}

const TEXT = { binary: false } as const;
/** How long a socket that stopped reading may keep its closing handshake open. */
const TERMINATE_AFTER_MS = 2000;

type SubscribeFrame = Extract<ClientFrame, { op: 'subscribe' }>;

/**
 * Serves one client socket: hello, subscribe (with resume or rewind), unsubscribe and publish
 * frames. Every frame gets an answer; every refusal is an error frame (counted in metrics);
 * nothing a client sends can throw out of here.
 *
 * @example
 * wss.on('connection', (ws) => serveConnection(ws, context))
 */
export const serveConnection = (ws: WebSocket, ctx: ConnectionContext): void => {
  const { metrics, limits } = ctx;
  const subs = new Map<string, Subscriber>();
  const bucket = limits.rateLimit ? createTokenBucket(limits.rateLimit.perSecond, limits.rateLimit.burst) : undefined;
  const gate = createPublishGate(bucket);
  let token: string | undefined;
  let source: string | undefined;
  let open = true;
  let chain: Promise<unknown> = Promise.resolve();
  metrics.connections++;
  metrics.connectionsTotal++;

  // ws closes a frame above maxPayload with 1009 and no reason; say which limit it was.
  const closeSocket = ws.close.bind(ws);
  ws.close = ((code?: number, reason?: string | Buffer) =>
    closeSocket(
      code,
      reason ??
        (code === CLOSE_CODES.tooLarge
          ? `frame above the relay's hard limit of ${limits.hardFrameBytes} bytes; send smaller frames`
          : undefined),
    )) as typeof ws.close;

  /** Writes a frame, or drops a client whose unsent data would exceed maxBufferedBytes with it. */
  const write = (text: string | Buffer, written?: (error?: Error | null) => void): boolean => {
    if (!open) return false;
    const room = limits.maxBufferedBytes - ws.bufferedAmount;
    // A UTF-16 unit is at most 3 UTF-8 bytes: most frames fit without measuring them.
    const fits = typeof text === 'string' ? text.length * 3 <= room || Buffer.byteLength(text) <= room : text.length <= room;
    if (!fits) {
      metrics.slowConsumers++;
      ctx.log(
        `[hubbub/relay] disconnected a slow consumer (${ws.bufferedAmount} bytes unsent and a frame of ${Buffer.byteLength(text)} bytes to send; limit ${limits.maxBufferedBytes})`,
      );
      drop(CLOSE_CODES.slowConsumer, 'slow consumer: too much unread data; reconnect and resume from your last offset');
      return false;
    }
    ws.send(text, TEXT, written);
    if (ws.bufferedAmount > metrics.peakBufferedBytes) metrics.peakBufferedBytes = ws.bufferedAmount;
    return true;
  };
  const reply = (frame: ServerFrame) => write(JSON.stringify(frame));
  const refuse = (code: ErrorCode, message: string, ref?: string, retryAfterMs?: number, channel?: string) => {
    metrics.errors[code]++;
    const frame: { -readonly [K in keyof Extract<ServerFrame, { op: 'error' }>]: Extract<ServerFrame, { op: 'error' }>[K] } = {
      op: 'error',
      code,
      message,
    };
    if (ref !== undefined) frame.ref = ref;
    if (channel !== undefined) frame.channel = channel;
    if (retryAfterMs !== undefined) frame.retryAfterMs = retryAfterMs;
    reply(frame);
  };

  const helloTimer = setTimeout(() => {
    metrics.helloTimeouts++;
    drop(CLOSE_CODES.policy, `no hello within ${limits.helloTimeoutMs} ms`);
  }, limits.helloTimeoutMs);
  const cleanup = () => {
    if (!open) return;
    open = false;
    clearTimeout(helloTimer);
    metrics.connections--;
    if (source !== undefined) ctx.claims.release(source);
    for (const sub of subs.values()) ctx.hubs.leave(sub);
    subs.clear();
  };
  const drop = (code: number, reason: string) => {
    cleanup();
    ws.close(code, reason);
    // A reader that stopped reading may never complete the closing handshake.
    setTimeout(() => ws.terminate(), TERMINATE_AFTER_MS).unref();
  };

  const permitted = async (channel: string, action: 'subscribe' | 'publish', ref: string): Promise<boolean> => {
    const refusal = await checkAccess(ctx, token, channel, action);
    if (refusal) refuse(refusal.code, refusal.message, ref, undefined, channel);
    return refusal === undefined;
  };

  /** Where the subscriber starts: after `from` when it can resume, before the asked-for history, or at the head. */
  const startOf = async (frame: SubscribeFrame, epoch: string, head: string) => {
    const { channel, from } = frame;
    if (from) {
      const verdict = await resumeVerdict(ctx.engine, channel, epoch, from);
      return { offset: verdict.recovered ? from.offset : head, replay: verdict.recovered, ...verdict };
    }
    const since = sinceMs(frame.since);
    const request: RewindRequest | undefined =
      frame.rewind !== undefined ? { count: frame.rewind } : since !== undefined ? { sinceMs: since } : undefined;
    return request
      ? { offset: await ctx.engine.rewind(channel, request), replay: true, recovered: true }
      : { offset: head, replay: false, recovered: true };
  };

  const subscribe = async (frame: SubscribeFrame) => {
    const { channel } = frame;
    if (!(await permitted(channel, 'subscribe', channel)) || !open) return;
    const previous = subs.get(channel);
    if (previous) ctx.hubs.leave(previous);
    const sub: Subscriber = {
      channel,
      replaying: true,
      pending: [],
      lastSent: '0-0',
      epoch: '',
      send(text, count) {
        const sent = write(text);
        if (sent) metrics.delivered += count;
        return sent;
      },
    };
    subs.set(channel, sub);
    const current = () => open && subs.get(channel) === sub;
    const failed = (error: unknown) => {
      // Never pretend a resume succeeded: the client reconnects and resumes from what it received.
      const why = error instanceof Error ? error.message : String(error);
      ctx.log(`[hubbub/relay] subscribe to "${channel}" failed: ${why}`);
      refuse('unavailable', `cannot serve "${channel}" right now (${why}); reconnect and resume`, channel, UNAVAILABLE_RETRY_MS, channel);
      drop(CLOSE_CODES.unavailable, 'storage unavailable; reconnect and resume from your last offset');
    };
    try {
      const { epoch, head } = await ctx.hubs.join(sub);
      sub.epoch = epoch;
      if (!current()) return ctx.hubs.leave(sub);
      const start = await startOf(frame, epoch, head);
      if (!current()) return ctx.hubs.leave(sub);
      sub.lastSent = start.offset;
      const answer: ServerFrame = { op: 'subscribed', channel, epoch, offset: sub.lastSent, recovered: start.recovered };
      reply(start.reason === undefined ? answer : { ...answer, reason: start.reason });
      const waiting = sub.pending ?? [];
      sub.pending = undefined;
      if (!start.replay) {
        // Live from the head: what was fanned out since joining follows at once.
        sub.replaying = false;
        for (const batch of waiting) deliver(sub, batch.epoch, batch.entries, limits.frameBytes);
        return;
      }
    } catch (error) {
      return failed(error);
    }
    // Everything after lastSent comes from storage first, at the socket's pace, then live. Not
    // awaited: this connection's other frames are served meanwhile.
    replay(ctx.engine, sub, {
      pageSize: limits.replayPage,
      frameBytes: limits.frameBytes,
      live: () => ctx.hubs.position(channel),
      sendPaced: (text, count) =>
        new Promise((resolve) => {
          if (!current()) return resolve(false);
          // The callback runs once the frame reached the kernel (or failed): one frame buffered at a time.
          const sent = write(text, (error) => resolve(!error && current()));
          if (sent) metrics.delivered += count;
          else resolve(false);
        }),
      lost: (offset) =>
        reply({
          op: 'resync',
          channel,
          epoch: sub.epoch,
          offset,
          reason: 'events after your offset were trimmed before you read them (reading too slowly); reload state',
        }),
    }).catch(failed);
  };

  const publish = async (channel: string, event: CloudEvent) => {
    const held = gate.check(event.id);
    if (held) return refuse(held.code, held.message, event.id, held.retryAfterMs, channel);
    const wait = bucket?.take() ?? 0;
    if (wait > 0) {
      gate.close(event.id, 'rate_limited');
      const perSecond = (limits.rateLimit as { perSecond: number }).perSecond;
      return refuse(
        'rate_limited',
        `publish rate limit of ${perSecond}/s on this connection exceeded; retry later`,
        event.id,
        wait,
        channel,
      );
    }
    if (event.source !== source)
      return refuse('invalid_event', `event.source must be the source sent in hello ("${source}")`, event.id, undefined, channel);
    const payload = JSON.stringify({ ...event, datacontenttype: 'application/json' });
    // A UTF-16 unit is at most 3 UTF-8 bytes: most events fit without measuring them.
    const bytes = payload.length * 3 <= limits.maxEventBytes ? 0 : Buffer.byteLength(payload);
    if (bytes > limits.maxEventBytes) {
      return refuse(
        'event_too_large',
        `event is ${bytes} bytes; the limit is ${limits.maxEventBytes}. Send ids, not whole records`,
        event.id,
        undefined,
        channel,
      );
    }
    if (!(await permitted(channel, 'publish', event.id))) return;
    const registry = ctx.registry;
    if (registry) {
      if (!registry.has(event.type))
        return refuse('unknown_type', `event type "${event.type}" is not defined in the relay's registry`, event.id, undefined, channel);
      try {
        await registry.decode({ type: event.type, version: event.dataversion, data: event.data });
      } catch (error) {
        return refuse('invalid_event', (error as Error).message, event.id, undefined, channel);
      }
    }
    // Appends are issued in frame order without awaiting each other: the engine keeps their order.
    ctx.engine.append(channel, payload).then(
      ({ offset }) => {
        metrics.published++;
        reply({ op: 'ack', id: event.id, channel, offset });
      },
      (error: Error) => {
        gate.close(event.id, 'unavailable');
        refuse('unavailable', `could not store the event (${error.message}); resend it later`, event.id, UNAVAILABLE_RETRY_MS, channel);
      },
    );
  };

  const hello = async (frame: Extract<ClientFrame, { op: 'hello' }>) => {
    if (source !== undefined) return refuse('malformed', 'hello was already accepted on this connection; open a new one to change source');
    if (frame.version !== WIRE_VERSION) {
      return refuse(
        'malformed',
        `this relay speaks wire version ${WIRE_VERSION}, the client sent ${frame.version}; update the client or the relay`,
      );
    }
    // Without a secret the source is bound to this connection alone (nobody can present its proof).
    const proof = ctx.claims.proofOf(frame.secret ?? randomUUID());
    let claimed: boolean;
    try {
      claimed = await ctx.claims.claim(frame.source, proof);
    } catch (error) {
      refuse(
        'unavailable',
        `cannot check source "${frame.source}" right now (${(error as Error).message}); reconnect`,
        frame.source,
        UNAVAILABLE_RETRY_MS,
      );
      return drop(CLOSE_CODES.unavailable, 'storage unavailable; reconnect');
    }
    if (!open) {
      if (claimed) ctx.claims.release(frame.source);
      return;
    }
    if (!claimed) {
      refuse(
        'unauthorized',
        `source "${frame.source}" is held by another client (a different secret); use your own source, or the secret that first claimed it`,
        frame.source,
      );
      return drop(CLOSE_CODES.policy, 'source held by another client');
    }
    clearTimeout(helloTimer);
    token = frame.token;
    source = frame.source;
    reply({
      op: 'welcome',
      version: WIRE_VERSION,
      node: ctx.node,
      limits: { maxFrameBytes: limits.maxFrameBytes, maxEventBytes: limits.maxEventBytes },
    });
  };

  const handle = async (frame: ClientFrame) => {
    if (frame.op === 'hello') return hello(frame);
    if (source === undefined) return refuse('malformed', 'send { op: "hello", version, source, secret, token } first');
    if (frame.op === 'subscribe') return subscribe(frame);
    if (frame.op === 'unsubscribe') {
      const sub = subs.get(frame.channel);
      if (sub) ctx.hubs.leave(sub);
      subs.delete(frame.channel);
      reply({ op: 'unsubscribed', channel: frame.channel });
      return;
    }
    return publish(frame.channel, frame.event);
  };

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    metrics.framesIn++;
    if (isBinary) return refuse('malformed', 'binary frames are not accepted; send JSON text frames');
    if (data.length > limits.maxFrameBytes) {
      return refuse('frame_too_large', `frame is ${data.length} bytes; the limit is ${limits.maxFrameBytes}`);
    }
    const frame = parseClientFrame(data.toString('utf8'));
    if (typeof frame === 'string') return refuse('malformed', frame);
    chain = chain.then(() => handle(frame)).catch((error: unknown) => ctx.log(`[hubbub/relay] frame handling failed: ${String(error)}`));
  });
  ws.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') metrics.oversizedClosed++;
  });
  ws.on('close', cleanup);
};

import type { WebSocket } from 'ws';
import type { EventRegistry } from '../registry/create-registry';
import {
  type ChannelPosition,
  CLOSE_CODES,
  type ClientFrame,
  type CloudEvent,
  type ErrorCode,
  parseClientFrame,
  type ServerFrame,
  WIRE_VERSION,
} from '../remote/wire';
import { checkAccess } from './authorization';
import { type createChannelHubs, deliver, type Subscriber } from './channel-hub';
import type { Engine } from './engine';
import type { RelayMetrics } from './metrics';
import type { Authorize } from './relay-options';
import { replay, resumeVerdict } from './resume';
import { createTokenBucket, type TokenBucket } from './token-bucket';

/** What every connection of one relay shares. */
export interface ConnectionContext {
  readonly node: string;
  readonly engine: Engine;
  readonly hubs: ReturnType<typeof createChannelHubs>;
  readonly metrics: RelayMetrics;
  readonly allowed: (channel: string) => boolean;
  readonly authorize: Authorize;
  readonly registry: Pick<EventRegistry, 'has' | 'decode'> | undefined;
  readonly limits: {
    readonly maxFrameBytes: number;
    readonly maxEventBytes: number;
    readonly maxBufferedBytes: number;
    readonly replayPage: number;
    readonly rateLimit: { perSecond: number; burst: number } | false;
  };
  readonly log: (message: string) => void;
}

const TEXT = { binary: false } as const;

/**
 * Serves one client socket: hello, subscribe (with resume), unsubscribe and publish frames.
 * Every refusal is an error frame (counted in metrics); nothing a client sends can throw out of here.
 *
 * @example
 * wss.on('connection', (ws) => serveConnection(ws, context))
 */
export const serveConnection = (ws: WebSocket, ctx: ConnectionContext): void => {
  const { metrics, limits } = ctx;
  const subs = new Map<string, Subscriber>();
  const bucket: TokenBucket | undefined = limits.rateLimit
    ? createTokenBucket(limits.rateLimit.perSecond, limits.rateLimit.burst)
    : undefined;
  let token: string | undefined;
  let source: string | undefined;
  let open = true;
  let chain: Promise<unknown> = Promise.resolve();
  metrics.connections++;
  metrics.connectionsTotal++;

  const write = (text: string | Buffer): boolean => {
    if (!open) return false;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      metrics.slowConsumers++;
      ctx.log(`[hubbub/relay] disconnected a slow consumer (${ws.bufferedAmount} bytes unsent; limit ${limits.maxBufferedBytes})`);
      drop(CLOSE_CODES.slowConsumer, 'slow consumer: too much unread data; reconnect and resume from your last offset');
      return false;
    }
    ws.send(text, TEXT);
    return true;
  };
  const reply = (frame: ServerFrame) => write(JSON.stringify(frame));
  const refuse = (code: ErrorCode, message: string, ref?: string, retryAfterMs?: number) => {
    metrics.errors[code]++;
    const frame: { op: 'error'; code: ErrorCode; message: string; ref?: string; retryAfterMs?: number } = { op: 'error', code, message };
    if (ref !== undefined) frame.ref = ref;
    if (retryAfterMs !== undefined) frame.retryAfterMs = retryAfterMs;
    reply(frame);
  };

  const cleanup = () => {
    if (!open) return;
    open = false;
    metrics.connections--;
    for (const sub of subs.values()) ctx.hubs.leave(sub);
    subs.clear();
  };
  const drop = (code: number, reason: string) => {
    cleanup();
    ws.close(code, reason);
    // A reader that stopped reading may never complete the closing handshake.
    setTimeout(() => ws.terminate(), 2000).unref();
  };

  const permitted = async (channel: string, action: 'subscribe' | 'publish', ref: string): Promise<boolean> => {
    const refusal = await checkAccess(ctx, token, channel, action);
    if (refusal) refuse(refusal.code, refusal.message, ref);
    return refusal === undefined;
  };

  const subscribe = async (channel: string, from: ChannelPosition | undefined) => {
    if (!(await permitted(channel, 'subscribe', channel)) || !open) return;
    const previous = subs.get(channel);
    if (previous) ctx.hubs.leave(previous);
    const sub: Subscriber = {
      channel,
      replaying: true,
      pending: [],
      lastSent: '0-0',
      epoch: '',
      send(frame, count) {
        const sent = write(frame);
        if (sent) metrics.delivered += count;
        return sent;
      },
    };
    subs.set(channel, sub);
    try {
      const { epoch, head } = await ctx.hubs.join(sub);
      sub.epoch = epoch;
      if (!open || subs.get(channel) !== sub) return ctx.hubs.leave(sub);
      const verdict = from ? await resumeVerdict(ctx.engine, channel, epoch, from) : { recovered: true };
      sub.lastSent = verdict.recovered && from ? from.offset : head;
      const frame: ServerFrame = { op: 'subscribed', channel, epoch, offset: sub.lastSent, recovered: verdict.recovered };
      reply(verdict.reason === undefined ? frame : { ...frame, reason: verdict.reason });
      if (verdict.recovered && from && !(await replay(ctx.engine, sub, limits.replayPage))) return;
    } catch (error) {
      // Never pretend a resume succeeded: the client reconnects and resumes from what it received.
      ctx.log(`[hubbub/relay] subscribe to "${channel}" failed: ${(error as Error).message}`);
      refuse('unavailable', `cannot serve "${channel}" right now (${(error as Error).message}); reconnect and resume`, channel, 1000);
      drop(CLOSE_CODES.unavailable, 'storage unavailable; reconnect and resume from your last offset');
      return;
    }
    sub.replaying = false;
    for (const batch of sub.pending) deliver(sub, batch.epoch, batch.entries);
    sub.pending = [];
  };

  const publish = async (channel: string, event: CloudEvent) => {
    const wait = bucket?.take() ?? 0;
    if (wait > 0)
      return refuse(
        'rate_limited',
        `publish rate limit of ${(limits.rateLimit as { perSecond: number }).perSecond}/s exceeded; retry later`,
        event.id,
        wait,
      );
    if (event.source !== source) return refuse('invalid_event', `event.source must be the source sent in hello ("${source}")`, event.id);
    const payload = JSON.stringify({ ...event, datacontenttype: 'application/json' });
    if (payload.length > limits.maxEventBytes) {
      return refuse(
        'event_too_large',
        `event is ${payload.length} bytes; the limit is ${limits.maxEventBytes}. Send ids, not whole records`,
        event.id,
      );
    }
    if (!(await permitted(channel, 'publish', event.id))) return;
    const registry = ctx.registry;
    if (registry) {
      if (!registry.has(event.type))
        return refuse('unknown_type', `event type "${event.type}" is not defined in the relay's registry`, event.id);
      try {
        await registry.decode({ type: event.type, version: event.dataversion, data: event.data });
      } catch (error) {
        return refuse('invalid_event', (error as Error).message, event.id);
      }
    }
    // Appends are issued in frame order without awaiting each other: the engine keeps their order.
    ctx.engine.append(channel, payload).then(
      ({ offset }) => {
        metrics.published++;
        reply({ op: 'ack', id: event.id, channel, offset });
      },
      (error: Error) => refuse('unavailable', `could not store the event (${error.message}); resend it later`, event.id, 1000),
    );
  };

  const handle = async (frame: ClientFrame) => {
    if (frame.op === 'hello') {
      if (frame.version !== WIRE_VERSION) {
        return refuse(
          'malformed',
          `this relay speaks wire version ${WIRE_VERSION}, the client sent ${frame.version}; update the client or the relay`,
        );
      }
      token = frame.token;
      source = frame.source;
      reply({
        op: 'welcome',
        version: WIRE_VERSION,
        node: ctx.node,
        limits: { maxFrameBytes: limits.maxFrameBytes, maxEventBytes: limits.maxEventBytes },
      });
      return;
    }
    if (source === undefined) return refuse('malformed', 'send { op: "hello", version, source, token } first');
    if (frame.op === 'subscribe') return subscribe(frame.channel, frame.from);
    if (frame.op === 'unsubscribe') {
      const sub = subs.get(frame.channel);
      if (sub) ctx.hubs.leave(sub);
      subs.delete(frame.channel);
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

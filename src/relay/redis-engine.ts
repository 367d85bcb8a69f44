import { randomUUID } from 'node:crypto';
import { type ChannelPosition, compareOffsets } from '../remote/wire';
import type { ChannelFeed, ChannelListener, Engine, EngineEntry } from './engine';
import { redactUrl } from './redact-url';

/**
 * Options of {@link createRedisEngine}.
 *
 * @example
 * await createRedisEngine({ url: 'redis://127.0.0.1:6379', prefix: 'shop:', maxLength: 50_000, onError: (e) => console.error(e) })
 */
export interface RedisEngineOptions {
  /** e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /** Key prefix. Default `'hubbub:'`. */
  prefix?: string | undefined;
  /** Approximate length cap of each channel's stream (XADD MAXLEN ~). Default 100,000. */
  maxLength?: number | undefined;
  /** Entries per XREAD. Default 1000. */
  readCount?: number | undefined;
  /**
   * After a read that returned less than a full batch, wait this long before the next one so the
   * next batch (and each frame to clients) carries more events. Default 2 ms; 0 for lowest latency.
   */
  batchMs?: number | undefined;
  /**
   * Give up after this many ms at startup: connecting, logging in and the first PING together, so a
   * server that accepts the connection but never answers fails too. Default 3000.
   */
  connectTimeoutMs?: number | undefined;
  /**
   * A channel's stream and epoch keys expire after this long without appends while no relay
   * follows it. Default 7 days.
   */
  channelTtlMs?: number | undefined;
  /** Where connection problems are reported after startup. Default: console.error. */
  onError?: ((error: Error) => void) | undefined;
  /** Operational messages (reconnected to Redis). Default: console.warn. */
  log?: ((message: string) => void) | undefined;
}

type StreamReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

interface CachedEpoch {
  readonly epoch: string;
  /** When the channel's keys last had their expiry pushed back (ms since 1970). */
  refreshedAt: number;
}

const DAY_MS = 86_400_000;
/** The highest sequence part of a Redis stream id. */
const MAX_SEQ = '18446744073709551615';

/**
 * The stream id just before `id` (a rewind answers the offset its history begins after).
 *
 * @example
 * previousId('1700000000000-0') // '1699999999999-18446744073709551615'
 */
export const previousId = (id: string): string => {
  const [ms = '0', seq = '0'] = id.split('-');
  if (seq !== '0') return `${ms}-${BigInt(seq) - 1n}`;
  return ms === '0' ? '0-0' : `${BigInt(ms) - 1n}-${MAX_SEQ}`;
};

/**
 * Destroys a client whether or not it closed itself: node-redis 5 throws "The client is closed" for
 * one whose reconnect strategy gave up (as at a failed startup), which hid the reason; 6 does not.
 */
const destroyClient = (client: { destroy(): void }) => {
  try {
    client.destroy();
  } catch {
    // Closed already: nothing is left to tear down.
  }
};

/** A timeout of the whole startup handshake (not only the TCP connect). */
class NoAnswerError extends Error {}

/** The part of a node-redis client the startup handshake uses. */
interface StartingClient {
  connect(): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * Connects both clients and PINGs, failing after `timeoutMs`. The PING is what reveals a server
 * that wants a password the URL lacks: node-redis sends no AUTH then, and connects fine.
 */
const connectWithin = async (timeoutMs: number, clients: StartingClient[], tcpConnected: () => boolean) => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          tcpConnected() ? new NoAnswerError(`no reply within ${timeoutMs} ms`) : new Error(`connection timed out after ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
  });
  const handshake = (async () => {
    for (const client of clients) await client.connect();
    await Promise.all(clients.map((client) => client.sendCommand(['PING'])));
  })();
  // After the deadline the caller destroys the clients, which rejects the abandoned handshake.
  handshake.catch(() => {});
  try {
    await Promise.race([handshake, deadline]);
  } finally {
    clearTimeout(timer);
  }
};

const URL_CREDENTIAL_FORMS =
  'redis://:PASSWORD@host:port, or redis://USER:PASSWORD@host:port for an ACL user (percent-encode special characters)';

/** What is known of a failed startup besides the error. */
interface StartupFailure {
  readonly error: unknown;
  readonly url: string;
  /** The TCP connection was made: something listens there. */
  readonly tcpConnected: boolean;
  /** The server answered with a Redis error reply (not a network failure). */
  readonly errorReply: boolean;
}

/** The startup error message: what went wrong and its fix, with the URL's password hidden. */
const explainStartupFailure = ({ error, url, tcpConnected, errorReply }: StartupFailure): string => {
  const why = error instanceof Error ? error.message : String(error);
  const shown = redactUrl(url);
  if (/^NOAUTH\b/.test(why))
    return `[hubbub/relay] cannot log in to Redis at ${shown}: it requires a password and the URL gives none (${why}). Put the password in the URL: ${URL_CREDENTIAL_FORMS}.`;
  if (/^(WRONGPASS|ERR AUTH)\b|invalid password|invalid username-password/i.test(why))
    return `[hubbub/relay] cannot log in to Redis at ${shown}: it refused the user or password in the URL (${why}). Check the user and password in the URL: ${URL_CREDENTIAL_FORMS}.`;
  if (errorReply) return `[hubbub/relay] Redis at ${shown} refused the connection: ${why}. Fix what it says, then start the relay again.`;
  if (error instanceof NoAnswerError || tcpConnected)
    return `[hubbub/relay] no answer from Redis at ${shown}: it accepted the connection but did not answer as Redis does (${why}). Check that this host and port are a Redis server (not another service, not TLS-only: use rediss:// for TLS) and that it is not hung.`;
  return `[hubbub/relay] cannot reach Redis at ${shown} (${why}). Start it (e.g. \`redis-server --port 6379\`, installed with \`apt-get install redis-server\`) or check the host and port in the URL.`;
};

interface Followed {
  cursor: string;
  epoch: string;
  readonly listeners: Set<ChannelListener>;
}

/**
 * Redis Streams engine: one stream per channel (`<prefix>stream:<channel>`, capped with
 * XADD MAXLEN ~), read by one XREAD BLOCK loop per relay on a dedicated connection, so any number
 * of relays share the traffic. Each channel has an epoch key; when Redis loses the stream (restart
 * without persistence) a new epoch starts and resuming clients are told `recovered: false`.
 * Rejects at startup, within `connectTimeoutMs`, with an error naming the problem and its fix when
 * Redis cannot be reached, refuses the login (missing or wrong password) or does not answer; the
 * URL's password never appears in messages.
 *
 * @example
 * const engine = await createRedisEngine({ url: 'redis://127.0.0.1:6379', maxLength: 50_000 })
 * const relay = await createRelay({ port: 8787, channels: ['shop'], engine })
 */
export const createRedisEngine = async (options: RedisEngineOptions): Promise<Engine> => {
  const { url, prefix = 'hubbub:', maxLength = 100_000, readCount = 1000, batchMs = 2, connectTimeoutMs = 3000 } = options;
  const channelTtlMs = options.channelTtlMs ?? 7 * DAY_MS;
  if (!(channelTtlMs >= 1000)) throw new TypeError(`[hubbub/relay] redis engine: channelTtlMs must be at least 1000, got ${channelTtlMs}.`);
  const onError = options.onError ?? ((error: Error) => console.error('[hubbub/relay] redis:', error.message));
  const log = options.log ?? ((message: string) => console.warn(message));
  let started = false;
  const socket = {
    connectTimeout: connectTimeoutMs,
    reconnectStrategy: (retries: number, cause: Error) =>
      started ? Math.min(50 * 2 ** Math.min(retries, 5), 1000) : new Error(`${cause.message}`, { cause }),
  };
  // Loaded on demand, so 'hubbub/relay' works without the optional `redis` package installed.
  let createClient: typeof import('redis').createClient;
  let ErrorReply: typeof import('redis').ErrorReply;
  try {
    ({ createClient, ErrorReply } = await import('redis'));
  } catch (error) {
    throw new Error('[hubbub/relay] the Redis engine needs the `redis` package: npm install redis', { cause: error });
  }
  // No offline queue: while Redis is away appends fail at once (the client resends them in order)
  // instead of waiting and landing after events the relay accepted later.
  const createCommandClient = () => {
    try {
      return createClient({ url, socket, RESP: 2, disableOfflineQueue: true });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      // No `cause`: Node's "Invalid URL" error carries the whole URL, password included, in `input`.
      throw new Error(
        `[hubbub/relay] the Redis URL ${redactUrl(url)} is not valid (${why}); write it as redis://host:port or redis://USER:PASSWORD@host:port, with special characters of the password percent-encoded (/ as %2F, # as %23, % as %25).`,
      );
    }
  };
  const command = createCommandClient();
  const reader = command.duplicate();
  let lastError = '';
  let lost = false;
  let tcpConnected = false;
  for (const client of [command, reader]) {
    client.on('connect', () => {
      tcpConnected = true;
    });
    client.on('error', (error: Error) => {
      if (started && error.message !== lastError) onError(error);
      lastError = error.message;
      if (started) lost = true;
    });
  }
  try {
    await connectWithin(connectTimeoutMs, [command, reader], () => tcpConnected);
  } catch (error) {
    destroyClient(command);
    destroyClient(reader);
    throw new Error(explainStartupFailure({ error, url, tcpConnected, errorReply: error instanceof ErrorReply }), { cause: error });
  }
  started = true;

  const streamKey = (channel: string) => `${prefix}stream:${channel}`;
  const epochKey = (channel: string) => `${prefix}epoch:${channel}`;
  const epochs = new Map<string, CachedEpoch>();
  const followed = new Map<string, Followed>();
  const ttl = String(Math.round(channelTtlMs));
  const refreshEvery = channelTtlMs / 4;
  let readerId: string | undefined;
  let running = true;
  let wake: (() => void) | undefined;
  let readerBlocked = false;

  command.on('ready', () => {
    epochs.clear();
    if (lost) log(`[hubbub/relay] reconnected to Redis at ${redactUrl(url)}`);
    lost = false;
    lastError = '';
  });
  reader.on('ready', () => {
    readerId = undefined;
  });

  /** The channel's epoch, created on first use (SET NX GET: one round trip, first writer wins). */
  const epochOf = async (channel: string, fresh = false): Promise<string> => {
    const cached = fresh ? undefined : epochs.get(channel);
    if (cached) return cached.epoch;
    const candidate = randomUUID();
    const previous = await command.sendCommand<string | null>(['SET', epochKey(channel), candidate, 'NX', 'GET', 'PX', ttl]);
    const epoch = previous ?? candidate;
    epochs.set(channel, { epoch, refreshedAt: 0 });
    return epoch;
  };

  const pushBackExpiry = (channel: string) => {
    for (const key of [streamKey(channel), epochKey(channel)]) command.sendCommand(['PEXPIRE', key, ttl]).catch(() => {});
  };
  /** After an append: pushes back the expiry of the channel's keys, at most every quarter of the TTL. */
  const keepAlive = (channel: string) => {
    const cached = epochs.get(channel);
    const now = Date.now();
    if (cached && now - cached.refreshedAt < refreshEvery) return;
    if (cached) cached.refreshedAt = now;
    pushBackExpiry(channel);
  };
  // Followed channels stay alive; cached epochs of channels nobody uses are dropped.
  const sweeper = setInterval(
    () => {
      const now = Date.now();
      for (const channel of followed.keys()) pushBackExpiry(channel);
      for (const [channel, cached] of epochs) if (!followed.has(channel) && now - cached.refreshedAt > refreshEvery) epochs.delete(channel);
    },
    Math.min(refreshEvery, 60_000),
  ).unref();

  const headOf = async (channel: string): Promise<string> => {
    const last = await command.sendCommand<[string, string[]][]>(['XREVRANGE', streamKey(channel), '+', '-', 'COUNT', '1']);
    return last[0]?.[0] ?? '0-0';
  };

  const interrupt = () => {
    if (wake) wake();
    else if (readerBlocked && readerId) command.sendCommand(['CLIENT', 'UNBLOCK', readerId]).catch(() => {});
  };

  /** After a lost connection: channels whose epoch changed restart from the new stream's beginning. */
  const checkEpochs = async () => {
    for (const [channel, f] of followed) {
      const epoch = await epochOf(channel, true);
      if (epoch !== f.epoch) {
        f.epoch = epoch;
        f.cursor = '0-0';
        for (const listener of f.listeners) listener.reset(epoch, '0-0');
      }
    }
  };

  const toEntries = (raw: [string, string[]][]): EngineEntry[] =>
    raw.map(([offset, fields]) => ({ offset, payload: fields[fields.indexOf('e') + 1] ?? 'null' }));

  const loop = async () => {
    let failed = false;
    while (running) {
      if (followed.size === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      try {
        if (failed) {
          await checkEpochs();
          failed = false;
        }
        readerId ??= String(await reader.sendCommand<number>(['CLIENT', 'ID']));
        const names = [...followed.keys()];
        const args = ['XREAD', 'COUNT', String(readCount), 'BLOCK', '5000', 'STREAMS'];
        for (const name of names) args.push(streamKey(name));
        for (const name of names) args.push((followed.get(name) as Followed).cursor);
        readerBlocked = true;
        const reply = await reader.sendCommand<StreamReply>(args);
        readerBlocked = false;
        let read = 0;
        for (const [key, raw] of reply ?? []) {
          read = Math.max(read, raw.length);
          const f = followed.get(key.slice(prefix.length + 'stream:'.length));
          const lastId = raw[raw.length - 1]?.[0];
          if (!f || !lastId) continue;
          f.cursor = lastId;
          const batch = toEntries(raw);
          for (const listener of f.listeners) listener.entries(batch, f.epoch);
        }
        if (batchMs > 0 && read > 0 && read < readCount) await new Promise((r) => setTimeout(r, batchMs));
      } catch {
        readerBlocked = false;
        if (!running) break;
        failed = true;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const looping = loop();

  return {
    kind: 'redis',
    async append(channel, payload) {
      const [epoch, offset] = await Promise.all([
        epochOf(channel),
        command.sendCommand<string>(['XADD', streamKey(channel), 'MAXLEN', '~', String(maxLength), '*', 'e', payload]),
      ]);
      keepAlive(channel);
      return { epoch, offset };
    },
    async follow(channel, listener): Promise<ChannelFeed> {
      let f = followed.get(channel);
      if (!f) {
        const [epoch, head] = await Promise.all([epochOf(channel), headOf(channel)]);
        f = followed.get(channel) ?? { cursor: head, epoch, listeners: new Set() };
        followed.set(channel, f);
        pushBackExpiry(channel);
        interrupt();
      }
      f.listeners.add(listener);
      const feed = f;
      return {
        epoch: feed.epoch,
        head: feed.cursor,
        close: () => {
          feed.listeners.delete(listener);
          if (feed.listeners.size === 0 && followed.get(channel) === feed) followed.delete(channel);
        },
      };
    },
    async resumable(channel, from: ChannelPosition) {
      if (from.epoch !== (await epochOf(channel))) return false;
      let info: unknown[];
      try {
        info = await command.sendCommand<unknown[]>(['XINFO', 'STREAM', streamKey(channel)]);
      } catch {
        return from.offset === '0-0';
      }
      const field = (name: string) => String(info[info.indexOf(name) + 1] ?? '0-0');
      return (
        compareOffsets(from.offset, field('max-deleted-entry-id')) >= 0 && compareOffsets(from.offset, field('last-generated-id')) <= 0
      );
    },
    async range(channel, after, count) {
      const raw = await command.sendCommand<[string, string[]][]>(['XRANGE', streamKey(channel), `(${after}`, '+', 'COUNT', String(count)]);
      return toEntries(raw);
    },
    async rewind(channel, request) {
      const key = streamKey(channel);
      const oldest =
        'count' in request
          ? request.count > 0
            ? (await command.sendCommand<[string, string[]][]>(['XREVRANGE', key, '+', '-', 'COUNT', String(request.count)])).at(-1)?.[0]
            : undefined
          : (
              await command.sendCommand<[string, string[]][]>(['XRANGE', key, String(Math.floor(request.sinceMs)), '+', 'COUNT', '1'])
            )[0]?.[0];
      return oldest === undefined ? headOf(channel) : previousId(oldest);
    },
    async claimSource(source, proof, leaseMs) {
      const key = `${prefix}source:${source}`;
      const lease = String(Math.round(leaseMs));
      const holder = await command.sendCommand<string | null>(['SET', key, proof, 'NX', 'GET', 'PX', lease]);
      if (holder === null) return true;
      if (holder !== proof) return false;
      await command.sendCommand(['PEXPIRE', key, lease]);
      return true;
    },
    async close() {
      clearInterval(sweeper);
      running = false;
      interrupt();
      destroyClient(reader);
      await looping.catch(() => {});
      await command.close().catch(() => destroyClient(command));
    },
  };
};

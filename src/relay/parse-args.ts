import { parseArgs } from 'node:util';
import { CHANNEL_PATTERN } from '../remote/wire';
import { normalizeOriginList } from './origins';
import { redactUrl } from './redact-url';

/** What the `hubbub-relay` command line asks for. */
export interface CliConfig {
  readonly port: number;
  readonly host: string;
  /** The only URL path upgrades are taken on (`--path`); undefined: any. */
  readonly path: string | undefined;
  readonly redis: string | undefined;
  /** With `redis`: the startup deadline for connecting, logging in and the first PING (`connectTimeoutMs`). */
  readonly redisConnectTimeoutMs: number | undefined;
  readonly channels: readonly string[] | undefined;
  readonly token: string | undefined;
  /** Origins of the web pages that may connect from a browser (`--origin` or `HUBBUB_RELAY_ORIGINS`); undefined: the relay's default. */
  readonly origins: readonly string[] | undefined;
  readonly maxEventBytes: number | undefined;
  readonly rate: number | undefined;
  readonly maxConnections: number | undefined;
  readonly help: boolean;
}

/** The `--help` text. */
export const USAGE = `Usage: hubbub-relay [--port 8787] [--host 127.0.0.1] [--path /hubbub] [--redis redis://127.0.0.1:6379]
                    [--redis-connect-timeout-ms 3000] [--channels a,b] [--token SECRET]
                    [--origin https://app.example] [--max-event-bytes 32768] [--rate 500]
                    [--max-connections 10000]

  --port                      TCP port (0 = any free port). Default 8787.
  --host                      Address to listen on: 127.0.0.1 (default) for this machine only,
                              0.0.0.0 for all interfaces, or one address of this machine.
  --path                      Take WebSocket upgrades on this URL path only (others get HTTP 404),
                              e.g. behind a proxy that routes /hubbub here. Default: any path.
  --redis                     Store events in Redis Streams at this URL (many relays share it);
                              with a password: redis://:PASSWORD@host:port (or USER:PASSWORD@).
                              Default: in memory (one process).
  --redis-connect-timeout-ms  Give up starting (exit 1) unless Redis connects, accepts the login
                              and answers a PING within this many ms. Default 3000.
  --channels                  Comma-separated channels clients may use. Default: any name of
                              letters, digits and ._:/- (prints a warning).
  --token                     Clients must send this token in hello (or set HUBBUB_RELAY_TOKEN).
  --origin                    Origin (scheme://host[:port]) of web pages that may connect from a
                              browser; repeat it or separate with commas (or set
                              HUBBUB_RELAY_ORIGINS); '*' (quoted) accepts every page. Others get
                              HTTP 403. Default: on a loopback --host, pages served from this
                              machine (localhost); on other hosts, every page (prints a warning).
                              Clients that send no Origin (Node, servers) are not browsers: only
                              --token limits them.
  --max-event-bytes           Largest event accepted, in bytes. Default 32768.
  --rate                      Publishes per second allowed per connection (burst: twice that).
                              Default 500.
  --max-connections           Open connections beyond this are refused (close 1013). Default 10000.`;

/** Shortest `--redis-connect-timeout-ms` accepted, in ms. */
const MIN_REDIS_CONNECT_TIMEOUT_MS = 100;
/** Longest `--redis-connect-timeout-ms` accepted, in ms (10 minutes). */
const MAX_REDIS_CONNECT_TIMEOUT_MS = 600_000;

const wholeNumber = (flag: string, text: string | undefined, min: number, max: number): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`${flag} must be a whole number from ${min} to ${max}, got "${text}".`);
  return n;
};

/** The origins of `--origin` flags (each may list several, comma-separated), checked and serialized. */
const originList = (flag: string, texts: readonly string[]): string[] => {
  const entries = texts
    .flatMap((text) => text.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0)
    throw new Error(`${flag} must name at least one origin, e.g. ${flag === '--origin' ? '--origin ' : `${flag}=`}https://shop.example.`);
  try {
    return normalizeOriginList(entries);
  } catch (error) {
    throw new Error(`${flag}: ${(error as Error).message}`);
  }
};

/**
 * Parses the relay's command-line flags; throws an Error whose message names the bad flag and
 * what it accepts.
 *
 * @example
 * parseCliArgs(['--port', '8787', '--redis', 'redis://127.0.0.1:6379'])
 */
export const parseCliArgs = (argv: readonly string[], env: Record<string, string | undefined> = {}): CliConfig => {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        path: { type: 'string' },
        redis: { type: 'string' },
        'redis-connect-timeout-ms': { type: 'string' },
        channels: { type: 'string' },
        token: { type: 'string' },
        origin: { type: 'string', multiple: true },
        'max-event-bytes': { type: 'string' },
        rate: { type: 'string' },
        'max-connections': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message.replace(/\. To specify.*$/s, '')}. Run hubbub-relay --help for the flags.`);
  }
  const path = values.path as string | undefined;
  if (path !== undefined && !/^\/[^?#\s]*$/.test(path))
    throw new Error(`--path must be a URL path that starts with /, without a query, e.g. --path /hubbub; got "${path}".`);
  const redis = values.redis as string | undefined;
  if (redis !== undefined && !/^rediss?:\/\/./.test(redis))
    throw new Error(`--redis must be a URL like redis://127.0.0.1:6379 or redis://:PASSWORD@host:port, got "${redactUrl(redis)}".`);
  const redisConnectTimeout = values['redis-connect-timeout-ms'] as string | undefined;
  if (redisConnectTimeout !== undefined && redis === undefined)
    throw new Error('--redis-connect-timeout-ms applies only with --redis (the in-memory engine connects to nothing).');
  const channels = (values.channels as string | undefined)
    ?.split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (channels !== undefined && channels.length === 0)
    throw new Error('--channels must list at least one channel, e.g. --channels shop,chat.');
  const badChannel = channels?.find((c) => !CHANNEL_PATTERN.test(c));
  if (badChannel !== undefined)
    throw new Error(
      `--channels: "${badChannel}" is not a valid channel name; use 1-128 letters, digits and ._:/- (e.g. --channels shop,chat).`,
    );
  const originFlags = values.origin as string[] | undefined;
  const originsEnv = env.HUBBUB_RELAY_ORIGINS?.trim() ? env.HUBBUB_RELAY_ORIGINS : undefined;
  const origins =
    originFlags !== undefined
      ? originList('--origin', originFlags)
      : originsEnv !== undefined
        ? originList('HUBBUB_RELAY_ORIGINS', [originsEnv])
        : undefined;
  return {
    port: wholeNumber('--port', values.port as string | undefined, 0, 65535) ?? 8787,
    host: (values.host as string | undefined) ?? '127.0.0.1',
    path,
    redis,
    redisConnectTimeoutMs: wholeNumber(
      '--redis-connect-timeout-ms',
      redisConnectTimeout,
      MIN_REDIS_CONNECT_TIMEOUT_MS,
      MAX_REDIS_CONNECT_TIMEOUT_MS,
    ),
    channels,
    token: (values.token as string | undefined) ?? env.HUBBUB_RELAY_TOKEN,
    origins,
    maxEventBytes: wholeNumber('--max-event-bytes', values['max-event-bytes'] as string | undefined, 64, 16 * 1024 * 1024),
    rate: wholeNumber('--rate', values.rate as string | undefined, 1, 1_000_000),
    maxConnections: wholeNumber('--max-connections', values['max-connections'] as string | undefined, 1, 1_000_000),
    help: values.help === true,
  };
};

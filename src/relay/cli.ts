#!/usr/bin/env node
import { timingSafeEqual } from 'node:crypto';
import { CHANNEL_PATTERN } from '../remote/wire';
import { isEveryInterface } from './attach';
import { createRelay } from './create-relay';
import type { Engine } from './engine';
import { parseCliArgs, USAGE } from './parse-args';
import { createRedisEngine, type RedisEngineOptions } from './redis-engine';
import type { RelayOptions } from './relay-options';

const sameToken = (expected: string) => {
  const want = Buffer.from(expected);
  return (token: string | undefined) =>
    token !== undefined && Buffer.byteLength(token) === want.length && timingSafeEqual(Buffer.from(token), want);
};

const main = async () => {
  let config: ReturnType<typeof parseCliArgs>;
  try {
    config = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`hubbub-relay: ${(error as Error).message}`);
    process.exit(2);
  }
  if (config.help) {
    console.log(USAGE);
    return;
  }
  if (!config.channels) console.warn('hubbub-relay: no --channels given: any channel name is accepted. List them in production.');
  if (!config.token) console.warn('hubbub-relay: no --token given: any client may subscribe and publish.');
  let engine: Engine | undefined;
  if (config.redis) {
    const redisOptions: RedisEngineOptions = { url: config.redis };
    if (config.redisConnectTimeoutMs) redisOptions.connectTimeoutMs = config.redisConnectTimeoutMs;
    engine = await createRedisEngine(redisOptions);
  }
  const check = config.token ? sameToken(config.token) : undefined;
  const options: RelayOptions = {
    port: config.port,
    host: config.host,
    channels: config.channels ?? ((c: string) => CHANNEL_PATTERN.test(c)),
  };
  if (config.path) options.path = config.path;
  if (engine) options.engine = engine;
  if (check) options.authorize = (token) => check(token);
  if (config.origins) options.origins = config.origins;
  if (config.maxEventBytes) options.maxEventBytes = config.maxEventBytes;
  if (config.maxConnections) options.maxConnections = config.maxConnections;
  if (config.rate) options.rateLimit = { perSecond: config.rate, burst: config.rate * 2 };
  const relay = await createRelay(options);
  // On every interface the url names localhost: say where it is bound too, so the exposure is not hidden.
  const bound = isEveryInterface(relay.host) ? `, bound to ${relay.host}: every interface` : '';
  console.log(`hubbub-relay listening on ${relay.url} (engine: ${relay.engine.kind}, node ${relay.node}${bound})`);
  const stop = async () => {
    await relay.close();
    await engine?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch((error: unknown) => {
  console.error(`hubbub-relay: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** A free loopback TCP port. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** A throwaway redis-server of this test run (no persistence, loopback only). */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills it (SIGKILL) by pid. */
  stop(): Promise<void>;
  /** Kills it and starts a fresh empty one on the same port. */
  restart(): Promise<void>;
}

const launch = (port: number): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timeout = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${output}`)), 10_000);
    child.once('error', (error: Error & { code?: string }) => {
      clearTimeout(timeout);
      reject(
        error.code === 'ENOENT'
          ? new Error('redis-server is not installed; these tests need a real Redis. Install it: `apt-get install redis-server`.')
          : error,
      );
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timeout);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timeout);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });

const kill = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    process.kill(child.pid, 'SIGKILL');
  });

/**
 * Starts redis-server on a free loopback port.
 *
 * @example
 * const redis = await startRedis(); afterAll(() => redis.stop())
 */
export const startRedis = async (): Promise<RedisServer> => {
  const port = await freePort();
  let child = await launch(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => kill(child),
    async restart() {
      await kill(child);
      child = await launch(port);
    },
  };
};

/**
 * One redis-server for the test file that calls this (started before its first test, killed after
 * its last): read it through the returned function, inside tests.
 *
 * @example
 * const redis = redisForThisFile(); test('...', () => createRedisEngine({ url: redis().url }))
 */
export const redisForThisFile = (): (() => RedisServer) => {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedis();
  }, 20_000);
  afterAll(() => server?.stop());
  return () => {
    if (!server) throw new Error('redis-server has not started: read it inside a test, not at load.');
    return server;
  };
};

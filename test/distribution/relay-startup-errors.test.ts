import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEngine } from '../../src/relay/index';
import { redactUrl } from '../../src/relay/redact-url';
import { cleanupsAfterEach } from '../support/cleanups';
import { freePort } from './support/redis-server';
import { runCliWithin } from './support/relay-process';

const PASSWORD = 'sekret-Pw-0x51';
const cleanups = cleanupsAfterEach();

/** A redis-server of this file that wants `PASSWORD` (no persistence, loopback only). */
const startRedisWithPassword = async (): Promise<{ port: number; child: ChildProcess }> => {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timeout = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${output}`)), 10_000);
    child.once('error', (error) => {
      clearTimeout(timeout);
      reject(error);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timeout);
        resolve();
      }
    });
  });
  return { port, child };
};

/** A TCP listener that accepts connections and never writes a byte: a hung server, or not Redis. */
const startSilentListener = async (): Promise<{ url: string; server: Server }> => {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `redis://127.0.0.1:${port}`, server };
};

let secured: { port: number; child: ChildProcess } | undefined;
beforeAll(async () => {
  secured = await startRedisWithPassword();
}, 20_000);
afterAll(() => {
  if (secured?.child.pid !== undefined && secured.child.exitCode === null) process.kill(secured.child.pid, 'SIGKILL');
});
const securedPort = () => {
  if (!secured) throw new Error('redis-server with requirepass has not started');
  return secured.port;
};

describe('relay startup: Redis that cannot be used fails at once, with the fix and without the password', () => {
  it('createRedisEngine rejects after connectTimeoutMs when the server accepts TCP but never answers', async () => {
    const { url } = await startSilentListener();
    const started = Date.now();
    const failure = await createRedisEngine({ url, connectTimeoutMs: 500, onError: () => {} }).then(
      (engine) => engine.close().then(() => new Error('resolved')),
      (error: Error) => error,
    );
    expect(failure.message).toMatch(
      /^\[hubbub\/relay\] no answer from Redis at redis:\/\/127\.0\.0\.1:\d+: .*no reply within 500 ms.*a Redis server/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  }, 15_000);

  it('the CLI exits 1 on a server that never answers', async () => {
    const { url } = await startSilentListener();
    const result = await runCliWithin(['--port', '0', '--redis', url]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/no answer from Redis at redis:\/\/127\.0\.0\.1:\d+: it accepted the connection but did not answer/);
    expect(result.output).not.toMatch(/listening on/);
  }, 20_000);

  it('createRedisEngine rejects when Redis wants a password the URL lacks (NOAUTH), naming the URL form', async () => {
    const url = `redis://127.0.0.1:${securedPort()}`;
    await expect(createRedisEngine({ url, onError: () => {} })).rejects.toThrow(
      /cannot log in to Redis at redis:\/\/127\.0\.0\.1:\d+: it requires a password .*NOAUTH.*redis:\/\/:PASSWORD@host:port/,
    );
  }, 15_000);

  it('the CLI exits 1 on NOAUTH instead of listening and failing every client', async () => {
    const result = await runCliWithin(['--port', '0', '--redis', `redis://127.0.0.1:${securedPort()}`]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/cannot log in to Redis .*requires a password.*redis:\/\/:PASSWORD@host:port/);
    expect(result.output).not.toMatch(/listening on|Start it/);
  }, 20_000);

  it('the CLI exits 1 on a wrong password, shows the URL as user:***@ and says to check the password', async () => {
    const result = await runCliWithin(['--port', '0', '--redis', `redis://app:S3cretP4ss@127.0.0.1:${securedPort()}`]);
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      `cannot log in to Redis at redis://app:***@127.0.0.1:${securedPort()}: it refused the user or password`,
    );
    expect(result.output).toMatch(/WRONGPASS.*Check the user and password in the URL/);
    expect(result.output).not.toContain('S3cretP4ss');
    expect(result.output).not.toMatch(/listening on|Start it/);
  }, 20_000);

  it('the CLI hides the password of an unreachable Redis and says to start it', async () => {
    const port = await freePort();
    const result = await runCliWithin(['--port', '0', '--redis', `redis://app:S3cretP4ss@127.0.0.1:${port}`]);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`cannot reach Redis at redis://app:***@127.0.0.1:${port} (connect ECONNREFUSED`);
    expect(result.output).toMatch(/Start it .*check the host and port/);
    expect(result.output).not.toContain('S3cretP4ss');
  }, 20_000);

  it('a URL that does not parse is explained without its password, also in the error cause', async () => {
    const url = 'redis://app:S3cret/P4ss@127.0.0.1:6390';
    const failure = await createRedisEngine({ url }).then(
      (engine) => engine.close().then(() => new Error('resolved')),
      (error: Error) => error,
    );
    expect(failure.message).toMatch(/the Redis URL redis:\/\/app:\*\*\*@127\.0\.0\.1:6390 is not valid .*percent-encoded \(\/ as %2F/);
    expect(inspect(failure)).not.toContain('S3cret');
    const result = await runCliWithin(['--port', '0', '--redis', url]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('is not valid');
    expect(result.output).not.toContain('S3cret');
  }, 20_000);

  it('the right password in the URL works', async () => {
    const engine = await createRedisEngine({
      url: `redis://:${PASSWORD}@127.0.0.1:${securedPort()}`,
      prefix: 'startup:',
      onError: () => {},
    });
    cleanups.push(() => engine.close());
    const { offset } = await engine.append('shop', '{"n":1}');
    expect(await engine.range('shop', '0-0', 10)).toEqual([{ offset, payload: '{"n":1}' }]);
  }, 15_000);

  it('redactUrl hides the password, or the whole userinfo when it has no colon', () => {
    expect(redactUrl('redis://app:S3cretP4ss@127.0.0.1:6390')).toBe('redis://app:***@127.0.0.1:6390');
    expect(redactUrl('rediss://:p@ss/w@redis.example:6380/2')).toBe('rediss://:***@redis.example:6380/2');
    expect(redactUrl('redis://S3cretP4ss@127.0.0.1:6390')).toBe('redis://***@127.0.0.1:6390');
    expect(redactUrl('redis://127.0.0.1:6379/0')).toBe('redis://127.0.0.1:6379/0');
  });
});

describe('relay CLI: --redis-connect-timeout-ms', () => {
  it('gives up on a Redis that never answers after the time given', async () => {
    const { url } = await startSilentListener();
    const result = await runCliWithin(['--port', '0', '--redis', url, '--redis-connect-timeout-ms', '700']);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/no answer from Redis at redis:\/\/127\.0\.0\.1:\d+: .*no reply within 700 ms/);
    expect(result.output).not.toMatch(/listening on/);
  }, 20_000);

  it.each([
    ['0', /--redis-connect-timeout-ms must be a whole number from 100 to 600000, got "0"/],
    ['3s', /--redis-connect-timeout-ms must be a whole number from 100 to 600000, got "3s"/],
  ])(
    'exits 2 on --redis-connect-timeout-ms %s, naming the flag',
    async (value, message) => {
      const result = await runCliWithin(['--port', '0', '--redis', 'redis://127.0.0.1:1', '--redis-connect-timeout-ms', value]);
      expect(result.code).toBe(2);
      expect(result.output).toMatch(message);
    },
    20_000,
  );

  it('exits 2 when given without --redis, instead of ignoring it', async () => {
    const result = await runCliWithin(['--port', '0', '--redis-connect-timeout-ms', '500']);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/--redis-connect-timeout-ms applies only with --redis/);
  }, 20_000);

  it('is listed in --help', async () => {
    const result = await runCliWithin(['--help']);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/--redis-connect-timeout-ms +Give up starting .*Default 3000\./s);
  }, 20_000);
});

describe('relay startup: a --host it cannot listen on', () => {
  it('an address not of this machine exits 1 naming the fix', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): reserved for documentation, never a local address.
    const result = await runCliWithin(['--port', '0', '--host', '192.0.2.1']);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /cannot listen on host 192\.0\.2\.1: it is not an address of this machine \(.*EADDRNOTAVAIL.*\); use an address of this machine, 0\.0\.0\.0 for all interfaces, or 127\.0\.0\.1/,
    );
  }, 20_000);

  it('a name that does not resolve exits 1 naming the fix', async () => {
    const result = await runCliWithin(['--port', '0', '--host', 'no-such-host.invalid']);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /cannot listen on host no-such-host\.invalid: the name does not resolve .*check its spelling, or .*0\.0\.0\.0/,
    );
  }, 20_000);
});

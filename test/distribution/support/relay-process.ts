import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../src/relay/cli.ts', import.meta.url));

/** A relay running the real `hubbub-relay` CLI in its own process. */
export interface RelayProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Output so far (stdout + stderr). */
  output(): string;
  /** SIGKILL: the relay dies mid-stream without closing sockets. */
  kill(): Promise<void>;
}

/** Runs the CLI with flags; resolves with its exit code and output (for bad flags and failures). */
export const runCli = (args: readonly string[]): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    child.once('exit', (code) => resolve({ code, output }));
  });

/**
 * Runs the CLI with `--channels shop` and `args`, killed (by pid) if it is still running after
 * `limitMs`: a relay that should exit (a bad flag, a failed start) fails the test (code null)
 * instead of outliving it.
 *
 * @example
 * expect((await runCliWithin(['--port', 'eighty'])).code).toBe(2)
 */
export const runCliWithin = (args: readonly string[], limitMs = 15_000): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--channels', 'shop', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const killer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), limitMs);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });

/**
 * Starts `hubbub-relay --port 0 ...args` and waits for its "listening on" line.
 *
 * @example
 * const relay = await startRelayProcess(['--redis', redis.url, '--channels', 'shop'])
 */
export const startRelayProcess = (args: readonly string[]): Promise<RelayProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timeout = setTimeout(() => reject(new Error(`relay did not start:\n${output}`)), 15_000);
    const onData = (c: Buffer) => {
      output += c;
      const url = /listening on (ws:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timeout);
        resolve({
          url,
          child,
          output: () => output,
          kill: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return done();
              child.once('exit', () => done());
              process.kill(child.pid, 'SIGKILL');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timeout);
      reject(new Error(`relay exited with ${code}:\n${output}`));
    });
  });

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const STARTUP_MS = 60_000;

/** A running `npm start` and the URL it printed. */
export interface DemoServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A port nobody listens on right now (the OS picks it).
 *
 * @example
 * const port = await freePort()
 */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

const stopGroup = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const pid = child.pid;
    const force = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }, 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(force);
      resolve();
    }
  });

/**
 * Runs the README's command, `npm start -- --port <port> --strictPort`, in its own process group
 * (with HUBBUB_DEMO_WATCH=off, so an edit elsewhere cannot reload the page mid-test) and resolves with the URL Vite prints once it is ready. Rejects with the server's output if it
 * exits or stays silent for a minute. `stop()` ends the whole group (npm, vite and its workers).
 *
 * @example
 * const server = await startDemoServer(await freePort()); await page.goto(server.url); await server.stop()
 */
export const startDemoServer = (port: number): Promise<DemoServer> => {
  const child = spawn('npm', ['start', '--', '--port', String(port), '--strictPort'], {
    cwd: repo,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', BROWSER: 'none', HUBBUB_DEMO_WATCH: 'off' },
  });
  let output = '';
  return new Promise<DemoServer>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopGroup(child).then(() =>
        reject(new Error(`The demo server (npm start -- --port ${port} --strictPort) ${why}. Its output:\n${output}`)),
      );
    };
    const timer = setTimeout(() => fail(`printed no URL within ${STARTUP_MS / 1000} s`), STARTUP_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
      const url = output.replace(/\u001b\[[0-9;]*m/g, '').match(/Local:\s+(http:\/\/\S+)/)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      resolve({ url, stop: () => stopGroup(child) });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('close', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
  });
};

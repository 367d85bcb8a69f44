import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { type BrowserPage, type BrowserSession, DRAG_STEPS, findArguments, findInPage, KEYS, type Target } from './browser-page';

/**
 * WebKit, the engine of Safari, through WebKitGTK's own WebDriver server (`WebKitWebDriver`)
 * driving its MiniBrowser. WebKitGTK speaks classic WebDriver only (no BiDi), so the few commands
 * the tests need are sent here as the W3C protocol defines them.
 */

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
const FIND_TIMEOUT_MS = 5_000;
const DRIVER_START_TIMEOUT_MS = 15_000;

const HOW_TO_INSTALL =
  "Install WebKitGTK's WebDriver and a virtual display (Debian/Ubuntu: `apt-get install -y webkit2gtk-driver xvfb`), or point WEBKIT_WEBDRIVER and WEBKIT_BROWSER at a WebKitWebDriver and its MiniBrowser. WebKitGTK is a Linux build: elsewhere, HUBBUB_BROWSERS=firefox runs the Firefox part alone.";

const webDriverPath = (): string => {
  for (const path of [process.env.WEBKIT_WEBDRIVER, '/usr/bin/WebKitWebDriver']) if (path && existsSync(path)) return path;
  throw new Error(`No WebKitWebDriver found for the cross-browser tests. ${HOW_TO_INSTALL}`);
};

const miniBrowserPath = (): string => {
  // Debian and Ubuntu install it under the architecture's library folder (x86_64-linux-gnu, aarch64-linux-gnu...).
  const architectures = existsSync('/usr/lib') ? readdirSync('/usr/lib').filter((name) => name.endsWith('-linux-gnu')) : [];
  const installed = architectures.flatMap((arch) => ['4.1', '4.0'].map((api) => `/usr/lib/${arch}/webkit2gtk-${api}/MiniBrowser`));
  const candidates = [process.env.WEBKIT_BROWSER, ...installed];
  for (const path of candidates) if (path && existsSync(path)) return path;
  throw new Error(`No WebKitGTK MiniBrowser found for the cross-browser tests. ${HOW_TO_INSTALL}`);
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/** Starts WebKitWebDriver, under a virtual display (xvfb-run) when there is no display. */
const startDriver = (port: number): ChildProcess => {
  const driver = [webDriverPath(), `--port=${port}`];
  if (!process.env.DISPLAY && !existsSync('/usr/bin/xvfb-run')) {
    throw new Error(`WebKitGTK needs a display, and there is none and no xvfb-run. ${HOW_TO_INSTALL}`);
  }
  const [command, ...args] = process.env.DISPLAY ? driver : ['xvfb-run', '--auto-servernum', ...driver];
  // Its own process group, so close() ends the virtual display and the browser with it.
  return spawn(command as string, args, { stdio: 'ignore', detached: true });
};

interface WebDriverError {
  readonly error: string;
  readonly message: string;
}

/** One W3C WebDriver command; a protocol error is thrown with its name and message. */
const command = async (base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  const { value } = (await response.json()) as { value: unknown };
  const failure = value as WebDriverError | null;
  if (!response.ok || (failure && typeof failure === 'object' && 'error' in failure)) {
    throw new Error(`WebDriver ${method} ${path}: ${failure?.error}: ${failure?.message}`);
  }
  return value;
};

/**
 * The script `execute/async` runs: calls the test's function with its arguments and reports its
 * awaited result, or its error's text (WebDriver would only say "javascript error"). The source
 * is part of the script, not eval'd in the page, so a page's Content-Security-Policy allows it.
 */
const asyncScript = (source: string) => `
  const done = arguments[arguments.length - 1];
  const args = arguments[0];
  Promise.resolve()
    .then(() => (${source})(...args))
    .then((value) => done({ ok: true, value }), (error) => done({ ok: false, error: String((error && error.stack) || error) }));
`;

const FIND_SCRIPT = `return (${String(findInPage)})(...arguments);`;

/**
 * Starts WebKitGTK's MiniBrowser under WebKitWebDriver. Each `open` is a new tab of one session;
 * a command to a page first switches to its tab, as classic WebDriver acts on the current one.
 *
 * @example
 * const webkit = await launchWebKit()
 * const page = await webkit.open('http://127.0.0.1:5173/index.html')
 */
export const launchWebKit = async (): Promise<BrowserSession> => {
  const binary = miniBrowserPath();
  const port = await freePort();
  const driver = startDriver(port);
  const base = `http://127.0.0.1:${port}`;
  const kill = () => {
    try {
      if (driver.pid) process.kill(-driver.pid, 'SIGTERM');
    } catch {}
  };
  try {
    const deadline = Date.now() + DRIVER_START_TIMEOUT_MS;
    for (;;) {
      const ready = await command(base, 'GET', '/status').then(
        (status) => (status as { ready?: boolean }).ready === true,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline || driver.exitCode !== null)
        throw new Error(`WebKitWebDriver did not start on port ${port}. ${HOW_TO_INSTALL}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const created = (await command(base, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary, args: ['--automation'] } } },
    })) as { sessionId: string; capabilities: { browserVersion?: string } };
    const session = `/session/${created.sessionId}`;
    const send = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => command(base, method, `${session}${path}`, body);
    let current = (await send('GET', '/window')) as string;
    /** Whether the session's current tab is empty: the next open() uses it. */
    let firstUnused = true;
    const switchTo = async (handle: string) => {
      if (handle === current) return;
      await send('POST', '/window', { handle });
      current = handle;
    };

    const pageIn = (handle: string): BrowserPage => {
      const run = async (script: string, args: unknown[]) => {
        await switchTo(handle);
        return send('POST', '/execute/async', { script, args: [args] });
      };
      const find = async (target: Target): Promise<string> => {
        const deadline = Date.now() + FIND_TIMEOUT_MS;
        for (;;) {
          await switchTo(handle);
          const found = (await send('POST', '/execute/sync', { script: FIND_SCRIPT, args: findArguments(target) })) as Record<
            string,
            string
          > | null;
          if (found?.[ELEMENT_KEY]) return found[ELEMENT_KEY];
          if (Date.now() > deadline) throw new Error(`No element ${JSON.stringify(target)} after ${FIND_TIMEOUT_MS} ms`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      return {
        evaluate: async (fn, ...args) => {
          const outcome = (await run(asyncScript(String(fn)), args)) as { ok: boolean; value?: unknown; error?: string };
          if (!outcome.ok) throw new Error(`In the page: ${outcome.error}`);
          return outcome.value as never;
        },
        click: async (target) => {
          await send('POST', `/element/${await find(target)}/click`);
        },
        type: async (target, text) => {
          await send('POST', `/element/${await find(target)}/value`, { text });
        },
        press: async (target, key) => {
          await send('POST', `/element/${await find(target)}/value`, { text: KEYS[key] });
        },
        drag: async (target, deltaY) => {
          const element = { [ELEMENT_KEY]: await find(target) };
          const moves = Array.from({ length: DRAG_STEPS }, (_, step) => ({
            type: 'pointerMove',
            duration: 10,
            origin: 'pointer',
            x: 0,
            y: Math.round((deltaY * (step + 1)) / DRAG_STEPS) - Math.round((deltaY * step) / DRAG_STEPS),
          }));
          await send('POST', '/actions', {
            actions: [
              {
                type: 'pointer',
                id: 'mouse',
                parameters: { pointerType: 'mouse' },
                actions: [
                  { type: 'pointerMove', duration: 0, origin: element, x: 0, y: 0 },
                  { type: 'pointerDown', button: 0 },
                  ...moves,
                  { type: 'pointerUp', button: 0 },
                ],
              },
            ],
          });
          await send('DELETE', '/actions');
        },
        close: async () => {
          await switchTo(handle);
          const open = (await send('GET', '/window/handles')) as string[];
          // Closing a session's last tab ends the session: the last one is emptied for the next open() instead.
          if (open.length === 1) {
            await send('POST', '/url', { url: 'about:blank' });
            firstUnused = true;
            return;
          }
          const left = (await send('DELETE', '/window')) as string[];
          current = '';
          if (left[0]) await switchTo(left[0]);
        },
      };
    };

    return {
      name: `webkit (WebKitGTK ${created.capabilities.browserVersion ?? '?'})`,
      open: async (url) => {
        let handle = current;
        // The session starts with one empty tab: the first page uses it.
        if (!firstUnused) handle = ((await send('POST', '/window/new', { type: 'tab' })) as { handle: string }).handle;
        firstUnused = false;
        await switchTo(handle);
        await send('POST', '/url', { url });
        return pageIn(handle);
      },
      close: async () => {
        await command(base, 'DELETE', session).catch(() => {});
        kill();
      },
    };
  } catch (error) {
    kill();
    throw error;
  }
};

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_HELD_MESSAGES, MAX_HELD_WEIGHT } from '../../devtools-extension/content-script/held-queue';
import { EXTENSION_SOURCE, type ExtensionMessage, PAGE_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol';

// The real content script (devtools-extension/content-script/index.ts) in a fake window and chrome.runtime.

type Listener = (message: unknown) => void;

const createFakePort = () => {
  const messageListeners: Listener[] = [];
  const disconnectListeners: (() => void)[] = [];
  const posted: ExtensionMessage[] = [];
  return {
    name: 'hubbub-content',
    posted,
    postMessage: (message: ExtensionMessage) => void posted.push(message),
    disconnect: vi.fn(),
    onMessage: { addListener: (listener: Listener) => void messageListeners.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => void disconnectListeners.push(listener) },
    /** The service worker says whether a panel shows the tab. */
    presence: (attached: boolean) => {
      for (const listener of messageListeners)
        listener({ source: EXTENSION_SOURCE, version: PROTOCOL_VERSION, kind: 'panel-presence', attached });
    },
  };
};

let ports: ReturnType<typeof createFakePort>[];
let pageListeners: ((event: { source: unknown; data: unknown }) => void)[];
let fakeWindow: Record<string, unknown>;

const page = (data: unknown) => {
  for (const listener of pageListeners) listener({ source: fakeWindow, data });
};
const base = { source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId: 's1', instanceId: 'bus-1' } as const;
const batch = (n: number, characters: number) => ({
  ...base,
  kind: 'batch',
  entries: `[${n}]`.padEnd(characters, ' '),
  count: 1,
  dropped: 0,
});
const relayed = (port: ReturnType<typeof createFakePort>) => port.posted.filter((m) => m.kind === 'relay');

beforeEach(async () => {
  vi.resetModules();
  ports = [];
  pageListeners = [];
  fakeWindow = {
    location: { origin: 'https://shop.test' },
    postMessage: vi.fn(),
    addEventListener: (type: string, listener: (event: { source: unknown; data: unknown }) => void) => {
      if (type === 'message') pageListeners.push(listener);
    },
  };
  vi.stubGlobal('window', fakeWindow);
  vi.stubGlobal('document', { visibilityState: 'visible' });
  vi.stubGlobal('chrome', {
    runtime: {
      connect: () => {
        const port = createFakePort();
        ports.push(port);
        return port;
      },
      onMessage: { addListener: () => {} },
    },
  });
  await import('../../devtools-extension/content-script/index');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('content script: messages held while no panel shows the tab', () => {
  it('holds a few messages and relays them in order, nothing lost, once a panel attaches', () => {
    page({ ...base, kind: 'hello', instance: { id: 'bus-1', name: 'shop' } });
    for (let i = 0; i < 10; i++) page(batch(i, 100));
    const port = ports[0];
    if (!port) throw new Error('no port opened');
    expect(relayed(port)).toHaveLength(0);

    port.presence(true);
    const out = relayed(port);
    expect(out).toHaveLength(11);
    expect(out.map((m) => (m.kind === 'relay' ? m.message.kind : ''))).toEqual(['hello', ...Array(10).fill('batch')]);
    expect(out.some((m) => m.kind === 'relay' && m.lost !== undefined)).toBe(false);
  });

  it('holds a few MiB of big batches at most, drops the oldest, and tells the panel how many', () => {
    const size = 1024 * 1024;
    // What an in-page viewer's stream puts on the window: 200 MiB of batches with no panel attached.
    for (let i = 0; i < 200; i++) page(batch(i, size));
    const port = ports[0];
    if (!port) throw new Error('no port opened');

    port.presence(true);
    const out = relayed(port);
    const kept = out.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept * size).toBeLessThanOrEqual(MAX_HELD_WEIGHT);
    // The newest are kept, oldest first; the first relay carries the count of those dropped.
    const first = out[0];
    expect(first?.kind === 'relay' && first.message.kind === 'batch' && first.message.entries).toMatch(new RegExp(`^\\[${200 - kept}\\]`));
    expect(first?.kind === 'relay' && first.lost).toBe(200 - kept);
    expect(out.slice(1).every((m) => m.kind === 'relay' && m.lost === undefined)).toBe(true);

    // Live from now on, and nothing more to report.
    page(batch(200, 10));
    const live = relayed(port).at(-1);
    expect(live?.kind === 'relay' && live.lost).toBe(undefined);
  });

  it('counts messages past the message cap', () => {
    for (let i = 0; i < MAX_HELD_MESSAGES + 7; i++) page(batch(i, 10));
    const port = ports[0];
    if (!port) throw new Error('no port opened');
    port.presence(true);
    const out = relayed(port);
    expect(out).toHaveLength(MAX_HELD_MESSAGES);
    expect(out[0]?.kind === 'relay' && out[0].lost).toBe(7);
  });

  it('holds again after the panel detaches, within the same bounds', () => {
    page(batch(0, 10));
    const port = ports[0];
    if (!port) throw new Error('no port opened');
    port.presence(true);
    port.presence(false);
    for (let i = 1; i <= 20; i++) page(batch(i, 1024 * 1024));
    expect(relayed(port)).toHaveLength(1);
    port.presence(true);
    const out = relayed(port).slice(1);
    expect(out.length).toBeLessThan(5);
    expect(out[0]?.kind === 'relay' && out[0].lost).toBe(20 - out.length);
  });
});

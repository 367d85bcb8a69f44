// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectDevtools } from '../../src/devtools/index';
import { PANEL_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol-exports';
import { createBus } from '../../src/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { createTestPanel, postFromThisWindow, settle } from './support/panel';

afterEach(() => {
  vi.restoreAllMocks();
});
const cleanups = cleanupsAfterEach();

const setup = () => {
  const bus = createBus<{ ping: number }>();
  const panel = createTestPanel(bus.id);
  cleanups.push(connectDevtools(bus), panel.close);
  bus.emit('ping', 1);
  return { bus, panel };
};

const streamed = (panel: ReturnType<typeof createTestPanel>) => panel.of('batch').length > 0 || panel.of('snapshot').length > 0;

describe('devtools transport: who the page listens to', () => {
  it('starts streaming for a well-formed connect posted by this window', async () => {
    const { panel } = setup();
    postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect' });
    await settle();
    expect(streamed(panel)).toBe(true);
  });

  it('ignores a connect posted by another window (an iframe, an opener) or by a worker/port (no source)', async () => {
    const { panel } = setup();
    const otherWindow = { postMessage: () => {}, closed: false };
    postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect' }, otherWindow);
    postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect' }, null);
    await settle();
    expect(streamed(panel)).toBe(false);
  });

  it('ignores messages with a wrong source tag, another protocol version, or a bad shape', async () => {
    const { panel } = setup();
    postFromThisWindow({ source: 'redux-devtools', version: PROTOCOL_VERSION, kind: 'connect' });
    postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION + 1, kind: 'connect' });
    postFromThisWindow({ source: PANEL_SOURCE, kind: 'connect' });
    postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect', instanceId: 42 });
    postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'launch-missiles' });
    postFromThisWindow('connect');
    postFromThisWindow(null);
    await settle();
    expect(streamed(panel)).toBe(false);
  });

  it('ignores a connect addressed to another bus', async () => {
    const { panel } = setup();
    postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect', instanceId: 'someone-else' });
    await settle();
    expect(streamed(panel)).toBe(false);
  });
});

describe('devtools transport: where the page posts', () => {
  it("posts every message to its own origin, never '*'", async () => {
    const post = vi.spyOn(window, 'postMessage');
    const { bus } = setup();
    postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect' });
    await settle();
    bus.emit('ping', 2);
    await settle();
    expect(post.mock.calls.length).toBeGreaterThan(3);
    for (const call of post.mock.calls) expect(call[1]).toBe(location.origin);
  });
});

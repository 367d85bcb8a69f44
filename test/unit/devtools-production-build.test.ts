// @vitest-environment happy-dom
// What 'hubbub/devtools' and 'hubbub/devtools/panel' do in a user's production build
// (process.env.NODE_ENV === 'production' when the module is evaluated), and the /production opt-in.
// test/consumer checks the same through real bundlers, on the packed package.
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';

type Entry = 'index' | 'always-on';
/** The entry as evaluated in a build for `nodeEnv`, with createBus from the same fresh module graph. */
const loadDevtools = async (nodeEnv: string, entry: Entry) => {
  vi.stubEnv('NODE_ENV', nodeEnv);
  vi.resetModules();
  const { createBus } = await import('../../src/index');
  const devtools = (await import(`../../src/devtools/${entry}.ts`)) as typeof import('../../src/devtools/index');
  return { createBus, connectDevtools: devtools.connectDevtools };
};
const loadPanel = async (nodeEnv: string, entry: Entry) => {
  vi.stubEnv('NODE_ENV', nodeEnv);
  vi.resetModules();
  return import(`../../src/devtools/panel/${entry}.ts`) as Promise<typeof import('../../src/devtools/panel/index')>;
};
let post: MockInstance<(message: unknown, targetOrigin: string) => void>;
const postedKinds = () => post.mock.calls.map(([message]) => (message as { kind: string }).kind);
beforeEach(() => {
  post = vi.spyOn(window, 'postMessage') as unknown as typeof post;
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe("connectDevtools from 'hubbub/devtools'", () => {
  it('streams in a development build', async () => {
    const { createBus, connectDevtools } = await loadDevtools('development', 'index');
    const disconnect = connectDevtools(createBus({ name: 'dev' }));
    expect(postedKinds()).toContain('hello');
    disconnect();
  });

  it('attaches nothing in a production build', async () => {
    const { createBus, connectDevtools } = await loadDevtools('production', 'index');
    connectDevtools(createBus({ name: 'prod' }))();
    expect(post).not.toHaveBeenCalled();
  });

  it('says where the opt-in is when given enabled: true in a production build', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { createBus, connectDevtools } = await loadDevtools('production', 'index');
    connectDevtools(createBus({ name: 'prod' }), { enabled: true });
    expect(post).not.toHaveBeenCalled();
    expect(String(warn.mock.calls[0]?.[0])).toContain("'hubbub/devtools/production'");
  });
});

describe("connectDevtools from 'hubbub/devtools/production' (the opt-in)", () => {
  it('streams in a production build, unless enabled: false', async () => {
    const { createBus, connectDevtools } = await loadDevtools('production', 'always-on');
    const disconnect = connectDevtools(createBus({ name: 'shipped' }));
    expect(postedKinds()).toContain('hello');
    disconnect();
    post.mockClear();
    connectDevtools(createBus({ name: 'off' }), { enabled: false })();
    expect(post).not.toHaveBeenCalled();
  });
});

describe('mountFloatingPanel', () => {
  const toggle = () => document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot?.querySelector('button');

  it("from 'hubbub/devtools/panel' shows its button in a development build", async () => {
    const { mountFloatingPanel } = await loadPanel('development', 'index');
    const unmount = mountFloatingPanel();
    expect(toggle()?.textContent).toBe('Hubbub');
    unmount();
    expect(toggle()).toBeUndefined();
  });

  it("from 'hubbub/devtools/panel' shows nothing in a production build", async () => {
    const { mountFloatingPanel } = await loadPanel('production', 'index');
    mountFloatingPanel({ open: true });
    expect(document.body.children).toHaveLength(0);
  });

  it("from 'hubbub/devtools/panel/production' shows its button in a production build", async () => {
    const { mountFloatingPanel } = await loadPanel('production', 'always-on');
    const unmount = mountFloatingPanel();
    expect(toggle()?.textContent).toBe('Hubbub');
    unmount();
  });
});

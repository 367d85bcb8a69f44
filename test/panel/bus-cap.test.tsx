// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectDevtools } from '../../src/devtools/always-on';
import { createInstancesStore, MAX_INSTANCES_PER_FRAME, STILL_SENDING_MS } from '../../src/devtools/panel/model/instances';
import { createPanelModel } from '../../src/devtools/panel/model/panel-model';
import { createWindowTransport } from '../../src/devtools/panel/transport/window-transport';
import { App } from '../../src/devtools/panel/ui/App';
import { ModelProvider } from '../../src/devtools/panel/ui/model-context';
import { type InstanceInfo, PAGE_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol';
import { createBus } from '../../src/index';
import { postFromThisWindow, settle } from '../devtools/support/panel';
import { renderPanel } from './render-panel';

const disconnects: (() => void)[] = [];
afterEach(() => {
  cleanup();
  for (const disconnect of disconnects.splice(0)) disconnect();
  vi.restoreAllMocks();
});

const rows = () => within(screen.getByRole('listbox', { name: 'Events' })).queryAllByRole('option');
const busOf = (eventType: string) =>
  rows()
    .find((row) => row.getAttribute('data-event-type') === eventType)
    ?.querySelector('.hb-cell-instance')?.textContent;

describe('more buses in one frame than the panel keeps', () => {
  it('keeps the bus that is still sending, forgets one that is not, and says so (real buses, the floating panel’s transport)', async () => {
    // The page's postMessage, as a browser delivers it: later, from this very window.
    vi.spyOn(window, 'postMessage').mockImplementation((data: unknown) => {
      setTimeout(() => postFromThisWindow(data));
    });
    const model = createPanelModel(createWindowTransport(window));
    disconnects.push(model.start());
    render(
      <ModelProvider value={model}>
        <App />
      </ModelProvider>,
    );
    const flush = () => act(() => settle(20));

    const probe = createBus<Record<string, object>>();
    disconnects.push(connectDevtools(probe, { name: 'probe' }));
    await flush();
    probe.emit('main/before', {});
    await flush();
    for (let i = 0; i < MAX_INSTANCES_PER_FRAME; i++) {
      const bus = createBus<Record<string, object>>();
      disconnects.push(connectDevtools(bus, { name: `widget-${i}` }));
      bus.emit(`widget/${i}`, {});
    }
    await flush();
    probe.emit('main/after', {});
    await flush();

    const types = model.events.getState().records.map((r) => r.eventType);
    expect(types).toContain('main/before');
    expect(types).toContain('main/after');
    // Both rows in view (the list renders only a window of rows).
    act(() => model.filters.getState().set({ text: 'main/' }));
    expect(busOf('main/before')).toBe('probe');
    expect(busOf('main/after')).toBe('probe');
    expect(screen.getByTestId('forgotten-buses').textContent).toContain('1 bus forgotten: the panel keeps 64 per frame');
  });
});

describe('the events of a forgotten bus', () => {
  it('keep their bus’s name', () => {
    const { page, model } = renderPanel();
    page.batch(page.event('cart:add', {}));
    page.deliver({
      kind: 'page',
      message: { source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId: 'session-shop', instanceId: 'shop-1', kind: 'goodbye' },
    });
    for (let i = 0; i < MAX_INSTANCES_PER_FRAME; i++) {
      const other = { source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId: 'session-shop', instanceId: `widget-${i}` } as const;
      const instance = {
        id: `widget-${i}`,
        name: `widget-${i}`,
        allowDispatch: false,
        url: 'http://shop.test/',
        pageStartedAt: page.info.pageStartedAt ?? 0,
        buffered: 0,
        dropped: 0,
        streaming: true,
      };
      page.deliver({ kind: 'page', message: { ...other, kind: 'hello', instance } });
    }
    expect(model.instances.getState().instances.has('top/session-shop/shop-1')).toBe(false);
    expect(busOf('cart:add')).toBe('shop');
    expect(screen.getByTestId('forgotten-buses').textContent).toBe(' · 1 bus forgotten: the panel keeps 64 per frame (256 in all)');
  });
});

describe('which bus the caps forget', () => {
  const info = (id: string): InstanceInfo => ({ id, name: id, allowDispatch: false, url: 'http://shop.test/', buffered: 0, dropped: 0 });

  it('forgets the least recently active bus that is no longer sending, not the oldest, and keeps the names of those it forgot', () => {
    let now = 0;
    const store = createInstancesStore({ now: () => now });
    const state = () => store.getState();
    for (let i = 0; i < MAX_INSTANCES_PER_FRAME; i++) {
      state().hello(`top/s/bus-${i}`, 's', info(`bus-${i}`), undefined);
      state().applyEntries(`top/s/bus-${i}`, [], 0);
    }
    now += STILL_SENDING_MS * 2;
    // The oldest bus is the one that sends again; the others fell silent.
    state().applyEntries('top/s/bus-0', [], 0);
    state().hello('top/s/late', 's', info('late'), undefined);
    expect(state().instances.has('top/s/bus-0')).toBe(true);
    expect(state().instances.has('top/s/bus-1')).toBe(false);
    expect(state().instances.has('top/s/late')).toBe(true);
    expect(state().forgotten).toEqual({ count: 1, names: new Map([['top/s/bus-1', 'bus-1']]) });

    // It says hello again: it is back, and no longer counted as forgotten (another silent one makes room).
    state().hello('top/s/bus-1', 's', info('bus-1'), undefined);
    expect(state().instances.has('top/s/bus-1')).toBe(true);
    expect(state().forgotten.count).toBe(1);
    expect(state().forgotten.names.has('top/s/bus-1')).toBe(false);
  });

  it('does not keep a newcomer when every other bus of its frame is still sending', () => {
    const store = createInstancesStore({ now: () => 0 });
    const state = () => store.getState();
    for (let i = 0; i < MAX_INSTANCES_PER_FRAME; i++) {
      state().hello(`top/s/bus-${i}`, 's', info(`bus-${i}`), undefined);
      state().applyEntries(`top/s/bus-${i}`, [], 0);
    }
    state().hello('top/s/late', 's', info('late'), undefined);
    expect(state().instances.size).toBe(MAX_INSTANCES_PER_FRAME);
    expect(state().instances.has('top/s/late')).toBe(false);
    expect(state().instances.has('top/s/bus-0')).toBe(true);
    expect(state().forgotten.count).toBe(1);
  });
});

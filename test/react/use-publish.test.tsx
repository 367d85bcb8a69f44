// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode, useEffect, useState } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bus, createBus, type PublishReport } from '../../src/index';
import { BusProvider, createBusHooks, usePublish } from '../../src/react/index';

type Events = { 'cart/added': { sku: string }; 'app/ready': undefined };
const typed = createBusHooks<Events>();

afterEach(cleanup);

describe('usePublish', () => {
  it('keeps the same function across renders', () => {
    const bus = createBus<Events>();
    const seen: unknown[] = [];
    let rerender = () => {};
    function Button() {
      const [, set] = useState(0);
      rerender = () => set((n) => n + 1);
      const publish = usePublish();
      // What each commit got: React 18's StrictMode drops the memo of its first, discarded render.
      useEffect(() => void seen.push(publish));
      return null;
    }
    render(
      <StrictMode>
        <BusProvider bus={bus}>
          <Button />
        </BusProvider>
      </StrictMode>,
    );
    act(() => rerender());
    act(() => rerender());
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(1);
  });

  it('publishes on the provider bus and resolves to its report', async () => {
    const bus = createBus<Events>();
    const got: unknown[] = [];
    bus.subscribe('cart/added', (item) => got.push(item));
    bus.subscribe('app/ready', (payload) => got.push(payload));
    let publish: ReturnType<typeof typed.usePublish> | undefined;
    function Grab() {
      publish = typed.usePublish();
      return null;
    }
    render(
      <BusProvider bus={bus}>
        <Grab />
      </BusProvider>,
    );
    const report: PublishReport | undefined = await publish?.('cart/added', { sku: 'tea' });
    await publish?.('app/ready');
    expect(got).toEqual([{ sku: 'tea' }, undefined]);
    expect(report).toMatchObject({ type: 'cart/added', delivered: 1, errors: [] });
  });

  it('publishes class instances', async () => {
    class Ping {
      static type = 'ping';
      readonly at = Date.now();
    }
    const bus = createBus<Events>();
    const got: unknown[] = [];
    bus.subscribe(Ping, (p) => got.push(p));
    let publish: ReturnType<typeof usePublish> | undefined;
    function Grab() {
      publish = usePublish();
      return null;
    }
    render(
      <BusProvider bus={bus}>
        <Grab />
      </BusProvider>,
    );
    const ping = new Ping();
    const report = await publish?.(ping);
    expect(got).toEqual([ping]);
    expect(report?.type).toBe('ping');
  });

  it('returns a new function bound to the new bus when the provider swaps buses', async () => {
    const first = createBus<Events>({ name: 'first' });
    const second = createBus<Events>({ name: 'second' });
    const seen: ReturnType<typeof typed.usePublish>[] = [];
    function Grab() {
      seen.push(typed.usePublish());
      return null;
    }
    const view = (bus: Bus<Events>) => (
      <BusProvider bus={bus}>
        <Grab />
      </BusProvider>
    );
    const { rerender } = render(view(first));
    rerender(view(second));
    expect(seen[0]).not.toBe(seen[1]);
    const report = await seen[1]?.('app/ready');
    expect(report?.id.startsWith('second-')).toBe(true);
  });

  it('works in a hydrated StrictMode tree: one click publishes once on the client bus', async () => {
    function AddButton() {
      const publish = typed.usePublish();
      return (
        <button type="button" onClick={() => publish('cart/added', { sku: 'tea' })}>
          Add
        </button>
      );
    }
    const container = document.createElement('div');
    container.innerHTML = renderToString(
      <BusProvider bus={createBus<Events>()}>
        <AddButton />
      </BusProvider>,
    );
    const bus = createBus<Events>();
    const added: string[] = [];
    bus.subscribe('cart/added', (item) => added.push(item.sku));
    let root: ReturnType<typeof hydrateRoot> | undefined;
    await act(async () => {
      root = hydrateRoot(
        container,
        <StrictMode>
          <BusProvider bus={bus}>
            <AddButton />
          </BusProvider>
        </StrictMode>,
      );
    });
    await act(async () => container.querySelector('button')?.click());
    expect(added).toEqual(['tea']);
    act(() => root?.unmount());
  });
});

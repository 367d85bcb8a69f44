// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { act, cleanup, render, renderHook } from '@testing-library/react';
import { Component, type ReactNode, StrictMode, startTransition } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Bus, createBus, subscriptionsOf } from '../../src/index';
import { BusProvider, useBus, useEvent, useLatestEvent, usePublish } from '../../src/react/index';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const quietReactErrors = () => vi.spyOn(console, 'error').mockImplementation(() => {});

describe('useBus', () => {
  it('returns the bus of the nearest provider', () => {
    const outer = createBus({ name: 'outer' });
    const inner = createBus({ name: 'inner' });
    const seen: Bus[] = [];
    function Probe() {
      seen.push(useBus());
      return null;
    }
    render(
      <BusProvider bus={outer}>
        <Probe />
        <BusProvider bus={inner}>
          <Probe />
        </BusProvider>
      </BusProvider>,
    );
    expect(seen.map((b) => b.name)).toEqual(['outer', 'inner']);
  });

  it.each([
    ['useBus', () => useBus()],
    ['useEvent', () => useEvent('x', () => {})],
    ['usePublish', () => usePublish()],
    ['useLatestEvent', () => useLatestEvent('x')],
  ])('%s outside a provider throws an error that names the fix', (_name, hook) => {
    quietReactErrors();
    expect(() => renderHook(hook)).toThrow(/not inside a <BusProvider>.*Fix: wrap your app .* in <BusProvider bus=\{bus\}>/);
  });
});

describe('BusProvider', () => {
  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [{ emit() {} }, 'object'],
  ])('rejects %s as a bus with a clear error', (bad, got) => {
    quietReactErrors();
    expect(() => render(<BusProvider bus={bad as unknown as Bus}>x</BusProvider>)).toThrow(
      `needs a bus made by createBus(); got ${got}. Fix: const bus = createBus<Events>()`,
    );
  });

  it('renders its children', () => {
    const { container } = render(
      <BusProvider bus={createBus()}>
        <p>hello</p>
      </BusProvider>,
    );
    expect(container.innerHTML).toBe('<p>hello</p>');
  });
});

describe('subscriptions after unmount', () => {
  type Events = { count: number; other: number };

  function AllHooks({ eventKey }: { eventKey: 'count' | 'other' }) {
    useLatestEvent(eventKey);
    useEvent(eventKey, () => {});
    usePublish();
    return null;
  }

  it('leaves nothing subscribed after StrictMode churn: key changes, bus swaps in transitions, unmount', async () => {
    const first = createBus<Events>({ sticky: true });
    const second = createBus<Events>();
    const view = (bus: Bus<Events>, eventKey: 'count' | 'other') => (
      <StrictMode>
        <BusProvider bus={bus}>
          <AllHooks eventKey={eventKey} />
        </BusProvider>
      </StrictMode>
    );
    const { rerender, unmount } = render(view(first, 'count'));
    for (let round = 0; round < 10; round++) {
      rerender(view(round % 2 ? first : second, round % 3 ? 'count' : 'other'));
      await act(async () => startTransition(() => rerender(view(round % 2 ? second : first, 'other'))));
    }
    expect(subscriptionsOf(first).length + subscriptionsOf(second).length).toBe(2);
    unmount();
    expect(subscriptionsOf(first)).toEqual([]);
    expect(subscriptionsOf(second)).toEqual([]);
  });

  it('leaves nothing subscribed when an error boundary replaces a subtree that threw', () => {
    quietReactErrors();
    const bus = createBus<Events>();
    class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
      override state = { failed: false };
      static getDerivedStateFromError = () => ({ failed: true });
      override render = () => (this.state.failed ? 'failed' : this.props.children);
    }
    let fail = false;
    function Fragile() {
      if (fail) throw new Error('render failed');
      return <AllHooks eventKey="count" />;
    }
    const view = () => (
      <BusProvider bus={bus}>
        <Boundary>
          <Fragile />
        </Boundary>
      </BusProvider>
    );
    const { rerender, container } = render(view());
    expect(subscriptionsOf(bus)).toHaveLength(2);
    fail = true;
    rerender(view());
    expect(container.textContent).toBe('failed');
    expect(subscriptionsOf(bus)).toEqual([]);
  });
});

describe('two copies of hubbub in one app', () => {
  it('a hook of one copy under the provider of the other says the app loads hubbub twice, and how to make it one', async () => {
    quietReactErrors();
    vi.resetModules();
    const otherCopy = await import('../../src/react/index');
    const bus = createBus({ name: 'shop' });
    function Cart() {
      otherCopy.useEvent('cart/added', () => {});
      return null;
    }
    expect(() =>
      render(
        <BusProvider bus={bus}>
          <Cart />
        </BusProvider>,
      ),
    ).toThrow(/If it is inside one, the app loads hubbub twice.*npm dedupe.*resolve: \{ dedupe: \['hubbub'\] \}/);
  });
});

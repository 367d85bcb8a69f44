// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode, Suspense, startTransition, useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Bus, createBus, subscriptionsOf } from '../../src/index';
import { BusProvider, createBusHooks } from '../../src/react/index';
import { pending } from './pending';

type Events = { count: number; cart: { items: string[] }; other: number };
const { useLatestEvent, usePublish } = createBusHooks<Events>();

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** Lets the microtask that tells React about new values run, inside act. */
const flush = () => act(async () => {});

function Count({ id = 'count', k = 'count' as 'count' | 'other' }) {
  const value = useLatestEvent(k, 0);
  return <span data-testid={id}>{value}</span>;
}

const texts = (id: string) => screen.queryAllByTestId(id).map((el) => el.textContent);

describe('useLatestEvent', () => {
  it('shows initial, then the latest event', async () => {
    const bus = createBus<Events>();
    render(
      <BusProvider bus={bus}>
        <Count />
      </BusProvider>,
    );
    expect(texts('count')).toEqual(['0']);
    await act(async () => bus.emit('count', 5));
    expect(texts('count')).toEqual(['5']);
    await act(async () => {
      await bus.publish('count', 6);
    });
    expect(texts('count')).toEqual(['6']);
  });

  it('returns undefined before any event when no initial is given', () => {
    const bus = createBus<Events>();
    let seen: unknown = 'unset';
    function Probe() {
      seen = useLatestEvent('cart');
      return null;
    }
    render(
      <BusProvider bus={bus}>
        <Probe />
      </BusProvider>,
    );
    expect(seen).toBeUndefined();
  });

  it('starts from the bus sticky value for an event published before mount', () => {
    const bus = createBus<Events>({ sticky: ['count'] });
    bus.emit('count', 42);
    render(
      <BusProvider bus={bus}>
        <Count />
      </BusProvider>,
    );
    expect(texts('count')).toEqual(['42']);
  });

  /** A sibling's layout effect: it runs in the commit that mounts the hook, before React subscribes to the hook's store. */
  function EmitOnCommit({ emit }: { emit: () => void }) {
    useLayoutEffect(() => emit(), [emit]);
    return null;
  }

  it('sees an event published between render and subscribe when the key is sticky', async () => {
    const bus = createBus<Events>({ sticky: ['count'] });
    render(
      <BusProvider bus={bus}>
        <Count />
        <EmitOnCommit emit={() => bus.emit('count', 7)} />
      </BusProvider>,
    );
    await flush();
    expect(texts('count')).toEqual(['7']);
  });

  it('sees an event published in the commit that mounts it even when the key is not sticky', async () => {
    const bus = createBus<Events>();
    render(
      <BusProvider bus={bus}>
        <Count />
        <EmitOnCommit emit={() => bus.emit('count', 7)} />
      </BusProvider>,
    );
    await flush();
    expect(texts('count')).toEqual(['7']);
  });

  it('misses an event published before it commits when the key is not sticky (documented), and shows the next one', async () => {
    const bus = createBus<Events>();
    bus.emit('count', 7);
    render(
      <BusProvider bus={bus}>
        <Count />
      </BusProvider>,
    );
    await flush();
    expect(texts('count')).toEqual(['0']);
    await act(async () => bus.emit('count', 8));
    expect(texts('count')).toEqual(['8']);
  });

  it('keeps the last value across StrictMode remounts and subscribes once', async () => {
    const bus = createBus<Events>();
    render(
      <StrictMode>
        <BusProvider bus={bus}>
          <Count />
        </BusProvider>
      </StrictMode>,
    );
    expect(subscriptionsOf(bus)).toHaveLength(1);
    expect(subscriptionsOf(bus)[0]?.label).toBe('useLatestEvent(count)');
    await act(async () => bus.emit('count', 3));
    expect(texts('count')).toEqual(['3']);
  });

  it('caches the snapshot: a stable object value does not re-render, and React logs nothing', async () => {
    const errors = vi.spyOn(console, 'error');
    const bus = createBus<Events>({ sticky: true });
    const cart = { items: ['tea'] };
    bus.emit('cart', cart);
    let renders = 0;
    let seen: unknown;
    function Cart() {
      renders++;
      seen = useLatestEvent('cart', { items: [] });
      return null;
    }
    render(
      <BusProvider bus={bus}>
        <Cart />
      </BusProvider>,
    );
    await flush();
    const afterMount = renders;
    await act(async () => bus.emit('cart', cart));
    expect(seen).toBe(cart);
    expect(renders).toBe(afterMount);
    expect(errors).not.toHaveBeenCalled();
  });

  it('batches a burst of events into one re-render showing the last', async () => {
    const bus = createBus<Events>();
    let renders = 0;
    function Probe() {
      renders++;
      return <span data-testid="count">{useLatestEvent('count', 0)}</span>;
    }
    render(
      <BusProvider bus={bus}>
        <Probe />
      </BusProvider>,
    );
    const before = renders;
    await act(async () => {
      for (let i = 1; i <= 100; i++) bus.emit('count', i);
    });
    expect(texts('count')).toEqual(['100']);
    expect(renders).toBe(before + 1);
  });

  it('follows a change of key', async () => {
    const bus = createBus<Events>({ sticky: ['other'] });
    bus.emit('other', 9);
    const { rerender } = render(
      <BusProvider bus={bus}>
        <Count k="count" />
      </BusProvider>,
    );
    await act(async () => bus.emit('count', 1));
    rerender(
      <BusProvider bus={bus}>
        <Count k="other" />
      </BusProvider>,
    );
    expect(texts('count')).toEqual(['9']);
    expect(subscriptionsOf(bus).map((s) => s.type)).toEqual(['other']);
  });

  it('starts from initial again when its key changes back: what it saw of a key before is not kept', async () => {
    const bus = createBus<Events>();
    const view = (k: 'count' | 'other') => (
      <BusProvider bus={bus}>
        <Count k={k} />
      </BusProvider>
    );
    const { rerender } = render(view('count'));
    await act(async () => bus.emit('count', 5));
    expect(texts('count')).toEqual(['5']);
    rerender(view('other'));
    expect(texts('count')).toEqual(['0']);
    bus.emit('count', 99); // not seen: the hook is on 'other' now
    rerender(view('count'));
    expect(texts('count')).toEqual(['0']);
  });

  it('reads class events', async () => {
    class Placed {
      static type = 'placed';
      constructor(readonly id: string) {}
    }
    const bus = createBus<Events>();
    function Last() {
      return <span data-testid="placed">{useLatestEvent(Placed)?.id ?? 'none'}</span>;
    }
    render(
      <BusProvider bus={bus}>
        <Last />
      </BusProvider>,
    );
    await act(async () => bus.emit(new Placed('o1')));
    expect(texts('placed')).toEqual(['o1']);
  });

  it('never tears under concurrent rendering: a value that changes mid-transition is shown everywhere', async () => {
    const bus = createBus<Events>({ sticky: ['count'] });
    bus.emit('count', 1);
    let changeMidRender = false;
    function Emitter() {
      if (changeMidRender) {
        changeMidRender = false;
        bus.emit('count', 2);
      }
      return null;
    }
    let setShown: (n: number) => void = () => {};
    function App() {
      const [shown, set] = useState(0);
      setShown = set;
      const readers = Array.from({ length: shown }, (_, i) => `reader-${i}`).map((id) => <Count key={id} />);
      return (
        <>
          {readers.slice(0, shown / 2)}
          <Emitter />
          {readers.slice(shown / 2)}
        </>
      );
    }
    render(
      <BusProvider bus={bus}>
        <App />
      </BusProvider>,
    );
    changeMidRender = true;
    await act(async () => startTransition(() => setShown(4)));
    expect(texts('count')).toEqual(['2', '2', '2', '2']);
    changeMidRender = true;
    await act(async () => startTransition(() => setShown(6)));
    expect(texts('count')).toEqual(['2', '2', '2', '2', '2', '2']);
    changeMidRender = true;
    bus.emit('count', 3);
    await act(async () => startTransition(() => setShown(8)));
    expect(texts('count')).toEqual(Array(8).fill('2'));
  });

  it('publishing during the render of another component neither warns nor loops', async () => {
    const errors = vi.spyOn(console, 'error');
    const bus = createBus<Events>();
    let publisherRenders = 0;
    let readerRenders = 0;
    let setN: (n: number) => void = () => {};
    function Publisher() {
      const [n, set] = useState(0);
      setN = set;
      publisherRenders++;
      const publish = usePublish();
      void publish('count', n);
      return null;
    }
    function Reader() {
      readerRenders++;
      return <span data-testid="count">{useLatestEvent('count', -1)}</span>;
    }
    render(
      <BusProvider bus={bus}>
        <Reader />
        <Publisher />
      </BusProvider>,
    );
    await flush();
    await act(async () => setN(1));
    await act(async () => setN(2));
    expect(texts('count')).toEqual(['2']);
    expect(errors).not.toHaveBeenCalled();
    expect(publisherRenders).toBe(3);
    expect(readerRenders).toBeLessThanOrEqual(3);
  });

  it('hydrates from initial without a mismatch, then shows the client bus sticky value', async () => {
    const errors = vi.spyOn(console, 'error');
    const container = document.createElement('div');
    container.innerHTML = renderToString(
      <BusProvider bus={createBus<Events>({ sticky: true })}>
        <Count />
      </BusProvider>,
    );
    const bus = createBus<Events>({ sticky: ['count'] });
    bus.emit('count', 5);
    const recoverable: unknown[] = [];
    const app = (
      <StrictMode>
        <BusProvider bus={bus}>
          <Count />
        </BusProvider>
      </StrictMode>
    );
    let root: ReturnType<typeof hydrateRoot> | undefined;
    await act(async () => {
      root = hydrateRoot(container, app, { onRecoverableError: (error) => recoverable.push(error) });
    });
    expect(container.textContent).toBe('5');
    await act(async () => bus.emit('count', 6));
    expect(container.textContent).toBe('6');
    expect(recoverable).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    act(() => root?.unmount());
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  it('a component unmounted by an earlier handler of the same publish gets nothing, and React logs nothing', async () => {
    const errors = vi.spyOn(console, 'error');
    const bus = createBus<Events>();
    let hide = () => {};
    function Toggle() {
      const [shown, setShown] = useState(true);
      hide = () => flushSync(() => setShown(false));
      return shown ? <Count /> : null;
    }
    bus.subscribe('count', () => hide(), { priority: 10 });
    render(
      <BusProvider bus={bus}>
        <Toggle />
      </BusProvider>,
    );
    const report = await act(async () => bus.publish('count', 1));
    expect(report.delivered).toBe(1);
    expect(texts('count')).toEqual([]);
    expect(subscriptionsOf(bus)).toHaveLength(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it('a component that suspends on mount subscribes only once it commits, and starts from the sticky value', async () => {
    const bus = createBus<Events>({ sticky: ['count'] });
    const data = pending();
    function Lazy() {
      const count = useLatestEvent('count', 0);
      data.wait();
      return <span data-testid="lazy">{`loaded ${count}`}</span>;
    }
    await act(async () => {
      render(
        <BusProvider bus={bus}>
          <Suspense fallback={null}>
            <Lazy />
          </Suspense>
        </BusProvider>,
      );
    });
    expect(subscriptionsOf(bus)).toEqual([]);
    bus.emit('count', 3);
    await act(async () => data.resolve());
    expect(texts('lazy')).toEqual(['loaded 3']);
    expect(subscriptionsOf(bus)).toHaveLength(1);
  });

  it('follows a nested provider whose bus is swapped in a transition while both buses emit', async () => {
    const outer = createBus<Events>({ sticky: true });
    const first = createBus<Events>({ sticky: true });
    const second = createBus<Events>({ sticky: true });
    outer.emit('count', 1);
    first.emit('count', 2);
    second.emit('count', 3);
    let setInner: (bus: Bus<Events>) => void = () => {};
    function App() {
      const [inner, set] = useState(first);
      setInner = set;
      return (
        <BusProvider bus={outer}>
          <Count id="outer" />
          <BusProvider bus={inner}>
            <Count id="inner" />
          </BusProvider>
        </BusProvider>
      );
    }
    render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    await act(async () => {
      startTransition(() => setInner(second));
      first.emit('count', 20);
    });
    expect([...texts('outer'), ...texts('inner')]).toEqual(['1', '3']);
    await act(async () => second.emit('count', 30));
    expect(texts('inner')).toEqual(['30']);
    expect(subscriptionsOf(first)).toEqual([]);
  });

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [{ type: 'count' }, 'object'],
  ])('rejects %s as a key with an error that names the hook, when it renders', (bad, got) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<Events>();
    function Bad() {
      useLatestEvent(bad as unknown as 'count');
      return null;
    }
    const message = `[hubbub] useLatestEvent(key) needs a string key or an event class; got ${got}.`;
    expect(() =>
      render(
        <BusProvider bus={bus}>
          <Bad />
        </BusProvider>,
      ),
    ).toThrow(message);
    expect(() =>
      renderToString(
        <BusProvider bus={bus}>
          <Bad />
        </BusProvider>,
      ),
    ).toThrow(message);
  });

  it('follows the provider to a new bus', async () => {
    const first = createBus<Events>({ sticky: true });
    const second = createBus<Events>({ sticky: true });
    first.emit('count', 1);
    second.emit('count', 2);
    const view = (bus: Bus<Events>) => (
      <BusProvider bus={bus}>
        <Count />
      </BusProvider>
    );
    const { rerender } = render(view(first));
    expect(texts('count')).toEqual(['1']);
    rerender(view(second));
    expect(texts('count')).toEqual(['2']);
    await act(async () => first.emit('count', 10));
    expect(texts('count')).toEqual(['2']);
    await act(async () => second.emit('count', 20));
    expect(texts('count')).toEqual(['20']);
    expect(subscriptionsOf(first)).toEqual([]);
  });
});

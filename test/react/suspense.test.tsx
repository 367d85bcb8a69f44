// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { act, cleanup, render, screen } from '@testing-library/react';
import { type ReactNode, StrictMode, Suspense, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bus, createBus, inspect, subscriptionsOf } from '../../src/index';
import { BusProvider, createBusHooks } from '../../src/react/index';
import { pending } from './pending';

type Events = { count: number };
const { useEvent, useLatestEvent } = createBusHooks<Events>();

afterEach(cleanup);

const text = (id: string) => screen.queryByTestId(id)?.textContent;

/** Counts subscribe and unsubscribe observations on a bus. */
const watch = (bus: Bus<Events>) => {
  const counts = { subscribe: 0, unsubscribe: 0 };
  inspect(bus, (o) => {
    if (o.kind === 'subscribe' || o.kind === 'unsubscribe') counts[o.kind]++;
  });
  return counts;
};

describe.each([
  ['plain', ({ children }: { children: ReactNode }) => <>{children}</>],
  ['StrictMode', ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>],
])('a component that suspends (%s)', (_, Wrap) => {
  it('on mount: subscribes once per hook when it resumes, and shows the sticky value published meanwhile', async () => {
    const bus = createBus<Events>({ sticky: ['count'] });
    const counts = watch(bus);
    const wait = pending();
    const received: number[] = [];
    function Lazy() {
      const count = useLatestEvent('count', 0);
      useEvent('count', (n) => void received.push(n));
      wait.wait();
      return <span data-testid="lazy">{count}</span>;
    }
    await act(async () => {
      render(
        <Wrap>
          <BusProvider bus={bus}>
            <Suspense fallback="loading">
              <Lazy />
            </Suspense>
          </BusProvider>
        </Wrap>,
      );
    });
    expect(subscriptionsOf(bus)).toEqual([]);
    bus.emit('count', 3);
    await act(async () => wait.resolve());
    expect(text('lazy')).toBe('3');
    bus.emit('count', 4);
    expect(received).toEqual([4]);
    expect(subscriptionsOf(bus)).toHaveLength(2);
    expect(counts.subscribe - counts.unsubscribe).toBe(2);
  });

  it('again once shown: keeps one subscription per hook and shows the latest event when it resumes', async () => {
    const bus = createBus<Events>();
    const wait = pending();
    const received: number[] = [];
    let suspend = () => {};
    function Lazy({ waiting }: { waiting: boolean }) {
      const count = useLatestEvent('count', 0);
      useEvent('count', (n) => void received.push(n));
      if (waiting) wait.wait();
      return <span data-testid="lazy">{count}</span>;
    }
    function App() {
      const [waiting, setWaiting] = useState(false);
      suspend = () => setWaiting(true);
      return (
        <Suspense fallback={<i data-testid="fallback">loading</i>}>
          <Lazy waiting={waiting} />
        </Suspense>
      );
    }
    render(
      <Wrap>
        <BusProvider bus={bus}>
          <App />
        </BusProvider>
      </Wrap>,
    );
    await act(async () => bus.emit('count', 1));
    await act(async () => suspend());
    expect(text('fallback')).toBe('loading');
    await act(async () => bus.emit('count', 2));
    await act(async () => wait.resolve());
    expect(text('fallback')).toBeUndefined();
    expect(text('lazy')).toBe('2');
    await act(async () => bus.emit('count', 3));
    expect(text('lazy')).toBe('3');
    // React keeps the passive effects of content it hides behind a fallback: the handler heard 2.
    expect(received).toEqual([1, 2, 3]);
    expect(subscriptionsOf(bus).map((s) => s.label)).toEqual(['useLatestEvent(count)', 'useEvent(count)']);
  });
});

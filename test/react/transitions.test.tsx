// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode, Suspense, startTransition, useDeferredValue, useState, useTransition } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBus, subscriptionsOf } from '../../src/index';
import { BusProvider, createBusHooks } from '../../src/react/index';
import { pending } from './pending';

type Events = { count: number };
const { useEvent, useLatestEvent } = createBusHooks<Events>();

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const texts = (id: string) => screen.queryAllByTestId(id).map((el) => el.textContent);

function Count({ id = 'count' }: { id?: string }) {
  return <span data-testid={id}>{useLatestEvent('count', 0)}</span>;
}

describe('useLatestEvent with transitions', () => {
  it('keeps every reader equal while a transition is suspended, then commits the latest', async () => {
    const bus = createBus<Events>();
    const wait = pending();
    let navigate = () => {};
    function Page({ slow }: { slow: boolean }) {
      if (slow) wait.wait();
      return <Count id="page" />;
    }
    function App() {
      const [slow, setSlow] = useState(false);
      const [pending, start] = useTransition();
      navigate = () => start(() => setSlow(true));
      return (
        <>
          <Count id="header" />
          <Suspense fallback="loading">
            <Page slow={slow} />
          </Suspense>
          <Count id="footer" />
          <span data-testid="pending">{String(pending)}</span>
        </>
      );
    }
    render(
      <StrictMode>
        <BusProvider bus={bus}>
          <App />
        </BusProvider>
      </StrictMode>,
    );
    await act(async () => navigate());
    expect(texts('pending')).toEqual(['true']);
    await act(async () => bus.emit('count', 1));
    expect([...texts('header'), ...texts('page'), ...texts('footer'), ...texts('pending')]).toEqual(['1', '1', '1', 'true']);
    await act(async () => bus.emit('count', 2));
    await act(async () => wait.resolve());
    expect([...texts('header'), ...texts('page'), ...texts('footer')]).toEqual(['2', '2', '2']);
    expect(texts('pending')).toEqual(['false']);
    expect(subscriptionsOf(bus)).toHaveLength(3);
  });

  it('a deferred reading catches up with the latest event, and readers of one render agree', async () => {
    const bus = createBus<Events>();
    const rendered: string[] = [];
    function Reader() {
      const first = useLatestEvent('count', 0);
      const second = useLatestEvent('count', 0);
      const late = useDeferredValue(first);
      rendered.push(`${first}/${second}/${late}`);
      return <span data-testid="reader">{`${first}/${second}/${late}`}</span>;
    }
    render(
      <BusProvider bus={bus}>
        <Reader />
      </BusProvider>,
    );
    await act(async () => {
      bus.emit('count', 1);
      bus.emit('count', 2);
    });
    expect(texts('reader')).toEqual(['2/2/2']);
    await act(async () => startTransition(() => bus.emit('count', 3)));
    expect(texts('reader')).toEqual(['3/3/3']);
    expect(rendered.every((line) => line.split('/')[0] === line.split('/')[1])).toBe(true);
  });
});

describe('useEvent with transitions', () => {
  it('delivers to the committed handler while a transition that changes it is suspended, then to the new one', async () => {
    const bus = createBus<Events>();
    const wait = pending();
    const received: string[] = [];
    let navigate = () => {};
    function Page({ name }: { name: string }) {
      useEvent('count', (n) => void received.push(`${name}:${n}`));
      if (name === 'next') wait.wait();
      return null;
    }
    function App() {
      const [name, setName] = useState('first');
      navigate = () => startTransition(() => setName('next'));
      return (
        <Suspense fallback="loading">
          <Page name={name} />
        </Suspense>
      );
    }
    render(
      <BusProvider bus={bus}>
        <App />
      </BusProvider>,
    );
    await act(async () => navigate());
    bus.emit('count', 1);
    await act(async () => wait.resolve());
    bus.emit('count', 2);
    expect(received).toEqual(['first:1', 'next:2']);
    expect(subscriptionsOf(bus)).toHaveLength(1);
  });
});

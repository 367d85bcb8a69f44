// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode, Suspense, startTransition, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bus, createBus, inspect } from '../../src/index';
import { BusProvider, createBusHooks } from '../../src/react/index';
import { pending } from './pending';

type Events = { count: number; other: number };
type Key = keyof Events;
const { useEvent } = createBusHooks<Events>();

afterEach(cleanup);

/** Counts subscribe and unsubscribe observations on a bus. */
const watch = (bus: Bus<Events>) => {
  const counts = { subscribe: 0, unsubscribe: 0 };
  inspect(bus, (o) => {
    if (o.kind === 'subscribe' || o.kind === 'unsubscribe') counts[o.kind]++;
  });
  return counts;
};

describe('useEvent with an inline handler that changes every render', () => {
  it('subscribes once however often it renders, and each event reaches the handler of the last commit', async () => {
    const bus = createBus<Events>();
    const counts = watch(bus);
    const received: string[] = [];
    let bump = () => {};
    function Listener() {
      const [renders, setRenders] = useState(0);
      bump = () => setRenders((n) => n + 1);
      useEvent('count', (n) => void received.push(`render ${renders}: ${n}`));
      return null;
    }
    render(
      <StrictMode>
        <BusProvider bus={bus}>
          <Listener />
        </BusProvider>
      </StrictMode>,
    );
    const afterMount = { ...counts };
    for (let n = 1; n <= 20; n++) {
      await act(async () => bump());
      bus.emit('count', n);
    }
    expect(counts).toEqual(afterMount);
    expect(afterMount.subscribe - afterMount.unsubscribe).toBe(1);
    expect(received).toEqual(Array.from({ length: 20 }, (_, i) => `render ${i + 1}: ${i + 1}`));
  });

  it('when a transition changes its key: the old handler hears the old key until the commit, then nothing more', async () => {
    const bus = createBus<Events>();
    const counts = watch(bus);
    const ready = pending();
    const received: string[] = [];
    let switchKey = () => {};
    function Listener({ eventKey }: { eventKey: Key }) {
      useEvent(eventKey, (n) => void received.push(`${eventKey} handler: ${n}`));
      if (eventKey === 'other') ready.wait();
      return null;
    }
    function App() {
      const [eventKey, setKey] = useState<Key>('count');
      switchKey = () => startTransition(() => setKey('other'));
      return (
        <Suspense fallback={null}>
          <Listener eventKey={eventKey} />
        </Suspense>
      );
    }
    render(
      <StrictMode>
        <BusProvider bus={bus}>
          <App />
        </BusProvider>
      </StrictMode>,
    );
    const afterMount = { ...counts };
    await act(async () => switchKey());
    bus.emit('count', 1);
    bus.emit('other', 2);
    expect(counts).toEqual(afterMount);
    await act(async () => ready.resolve());
    bus.emit('count', 3);
    bus.emit('other', 4);
    expect(received).toEqual(['count handler: 1', 'other handler: 4']);
    expect(counts.subscribe - counts.unsubscribe).toBe(1);
  });
});

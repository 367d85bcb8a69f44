// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { act, cleanup, render, screen } from '@testing-library/react';
import { Activity, type ReactNode, StrictMode, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Bus, createBus, subscriptionsOf } from '../../src/index';
import { BusProvider, createBusHooks } from '../../src/react/index';

type Events = { count: number; other: number };
type Mode = 'visible' | 'hidden';
const { useEvent, useLatestEvent } = createBusHooks<Events>();

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const text = (id: string) => screen.getByTestId(id).textContent;
const labels = (bus: Bus<Events>) => subscriptionsOf(bus).map((s) => s.label);

let renders = 0;
function Count({ k = 'count' }: { k?: keyof Events }) {
  renders++;
  return <span data-testid="count">{useLatestEvent(k, 0)}</span>;
}

/** Renders `children` inside `<Activity>`; `show(mode)` switches it. Inside StrictMode when `strict`. */
const mountActivity = (bus: Bus<Events>, children: ReactNode, { initial = 'visible' as Mode, strict = false } = {}) => {
  const control = { show: (_mode: Mode) => {} };
  function Switch() {
    const [mode, setMode] = useState<Mode>(initial);
    control.show = setMode;
    return <Activity mode={mode}>{children}</Activity>;
  }
  const app = (
    <BusProvider bus={bus}>
      <Switch />
    </BusProvider>
  );
  render(strict ? <StrictMode>{app}</StrictMode> : app);
  return (mode: Mode) => act(async () => control.show(mode));
};

// React 18 has no <Activity>.
describe.skipIf(Activity === undefined).each([
  ['plain', false],
  ['StrictMode', true],
])('inside <Activity> (%s)', (_, strict) => {
  it('useEvent delivers nothing while hidden and delivers again once visible, with one subscription', async () => {
    const bus = createBus<Events>();
    const received: number[] = [];
    function Listener() {
      useEvent('count', (n) => void received.push(n));
      return null;
    }
    const show = mountActivity(bus, <Listener />, { strict });
    bus.emit('count', 1);
    await show('hidden');
    expect(labels(bus)).not.toContain('useEvent(count)');
    bus.emit('count', 2);
    await show('visible');
    bus.emit('count', 3);
    expect(received).toEqual([1, 3]);
    expect(labels(bus).filter((label) => label === 'useEvent(count)')).toHaveLength(1);
  });

  it.each([
    ['a plain key', undefined],
    ['a sticky key', ['count' as const]],
  ])('useLatestEvent shows, once visible again, the latest event of %s published while hidden', async (_, sticky) => {
    const bus = createBus<Events>(sticky ? { sticky } : {});
    const show = mountActivity(bus, <Count />, { strict });
    await act(async () => bus.emit('count', 1));
    await show('hidden');
    await act(async () => {
      bus.emit('count', 2);
      bus.emit('count', 3);
    });
    await show('visible');
    expect(text('count')).toBe('3');
    await act(async () => bus.emit('count', 4));
    expect(text('count')).toBe('4');
  });

  it('useLatestEvent re-renders nothing while hidden, however many events arrive', async () => {
    const bus = createBus<Events>();
    const show = mountActivity(bus, <Count />, { strict });
    await show('hidden');
    const hiddenRenders = renders;
    await act(async () => {
      for (let n = 1; n <= 50; n++) bus.emit('count', n);
    });
    await act(async () => bus.emit('count', 51));
    expect(renders).toBe(hiddenRenders);
    await show('visible');
    expect(text('count')).toBe('51');
  });

  it('useLatestEvent in a tree that starts hidden shows the latest event once revealed', async () => {
    const bus = createBus<Events>();
    const show = mountActivity(bus, <Count />, { initial: 'hidden', strict });
    await act(async () => bus.emit('count', 5));
    await show('visible');
    expect(text('count')).toBe('5');
  });

  it('follows a key that changes while hidden', async () => {
    const bus = createBus<Events>();
    let setKey = (_key: keyof Events) => {};
    function Keyed() {
      const [k, set] = useState<keyof Events>('count');
      setKey = set;
      return <Count k={k} />;
    }
    const show = mountActivity(bus, <Keyed />, { strict });
    await show('hidden');
    await act(async () => setKey('other'));
    await act(async () => {
      bus.emit('count', 1);
      bus.emit('other', 2);
    });
    await show('visible');
    expect(text('count')).toBe('2');
    expect(labels(bus)).toEqual(['useLatestEvent(other)']);
  });

  it('leaves nothing subscribed when a hidden tree unmounts', async () => {
    const bus = createBus<Events>();
    function Both() {
      useEvent('count', () => {});
      return <Count />;
    }
    const show = mountActivity(bus, <Both />, { strict });
    await show('hidden');
    cleanup();
    expect(subscriptionsOf(bus)).toEqual([]);
  });
});

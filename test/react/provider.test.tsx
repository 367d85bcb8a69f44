// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { cleanup, render, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Bus, createBus } from '../../src/index';
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

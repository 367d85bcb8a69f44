// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { createBus } from '../../src/index';
import { BusProvider, createBusHooks } from '../../src/react/index';
import { JEST_DEFAULT_FAKES } from '../unit/fake-timers-support';

type Events = { count: number };
const { useLatestEvent } = createBusHooks<Events>();

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function Count() {
  return <span data-testid="count">{useLatestEvent('count', 0)}</span>;
}

it.each([
  ['Vitest', undefined],
  ['Jest', JEST_DEFAULT_FAKES],
])("useLatestEvent re-renders under %s's default fake timers without the test advancing them", async (_runner, toFake) => {
  vi.useFakeTimers(toFake === undefined ? undefined : { toFake: [...toFake] });
  const bus = createBus<Events>();
  render(
    <BusProvider bus={bus}>
      <Count />
    </BusProvider>,
  );
  await act(async () => bus.emit('count', 1));
  expect(screen.getByTestId('count').textContent).toBe('1');
});

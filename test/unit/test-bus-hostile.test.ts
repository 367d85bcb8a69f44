import { afterEach, describe, expect, test, vi } from 'vitest';
import { type Bus, createRegistry, subscriptionsOf } from '../../src/index';
import { createTestBus, replayRecording, waitForEvent } from '../../src/testing/index';

type Events = { a: number; b: string };

afterEach(() => vi.useRealTimers());

/** Calls `start`, which must not throw, and returns what its promise rejected with. */
const rejectionOf = async (start: () => Promise<unknown>): Promise<unknown> => {
  let promise: Promise<unknown> | undefined;
  expect(() => {
    promise = start();
  }).not.toThrow();
  return (promise as Promise<unknown>).then(
    () => 'resolved',
    (error: unknown) => error,
  );
};

describe('waitForEvent: bad arguments reject at once, naming the fix, and leave nothing behind', () => {
  test.each([
    ['undefined', undefined],
    ['a plain object', {}],
  ])('a bus that is %s', async (_what, bus) => {
    const error = await rejectionOf(() => waitForEvent(bus as unknown as Bus, 'a'));
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/\[hubbub\] waitForEvent\(bus, key\): bus must be a bus from createBus\(\) or createTestBus\(\)/);
  });

  test('a signal that is no AbortSignal: no subscription and no timer left', async () => {
    vi.useFakeTimers();
    const bus = createTestBus<Events>();
    const error = await rejectionOf(() => waitForEvent(bus, 'a', { signal: {} as AbortSignal }));
    expect(String(error)).toMatch(/\[hubbub\] waitForEvent\("a"\): signal must be an AbortSignal \(controller\.signal\)/);
    expect(subscriptionsOf(bus)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a where that is no function rejects before any event, not at the first one', async () => {
    vi.useFakeTimers();
    const bus = createTestBus<Events>();
    const error = await rejectionOf(() => waitForEvent(bus, 'a', { where: 5 as never }));
    expect(String(error)).toMatch(/\[hubbub\] waitForEvent\("a"\): where must be a function \(event, ctx\) => boolean; got 5/);
    expect(subscriptionsOf(bus)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('resolving and aborting leave no timer and no subscription', async () => {
    vi.useFakeTimers();
    const bus = createTestBus<Events>();
    const next = waitForEvent(bus, 'a');
    bus.emit('a', 1);
    await expect(next).resolves.toBe(1);
    const controller = new AbortController();
    const aborted = waitForEvent(bus, 'a', { signal: controller.signal });
    controller.abort(new Error('test over'));
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError', message: '[hubbub] waitForEvent("a") was aborted.' });
    expect(subscriptionsOf(bus)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createTestBus: published matches what really happened', () => {
  test('an event refused as a storm is recorded once, where it was refused', () => {
    const bus = createTestBus<Events>({ maxDepth: 2, onError: () => {} });
    bus.subscribe('a', (n) => bus.emit('a', n + 1));
    bus.emit('a', 0);
    expect(bus.published.map((record) => record.event)).toEqual([0, 1, 2, 3]);
  });
});

describe('replayRecording: a malformed recording is a TypeError naming the step and the fix', () => {
  test.each([
    ['undefined', undefined],
    ['an object', {}],
  ])('steps that are %s', async (_what, steps) => {
    const error = await rejectionOf(() => replayRecording(createTestBus(), steps as never));
    expect(String(error)).toMatch(/\[hubbub\] replayRecording\(bus, steps\): steps must be an array of \{ type, payload, version\? \}/);
  });

  test.each([
    ['null', null],
    ['without a type', { payload: 1 }],
    ['with a type that is no string', { type: 5, payload: 1 }],
  ])('a step that is %s', async (_what, step) => {
    const bus = createTestBus();
    const error = await rejectionOf(() => replayRecording(bus, [{ type: 'ok', payload: 1 }, step] as never));
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/\[hubbub\] replayRecording\(bus, steps\): step 1 must be \{ type: string, payload, version\? \}/);
    // Checked before anything is replayed.
    expect(bus.published).toEqual([]);
  });

  test('a registry or settle of the wrong kind is refused before anything is replayed', async () => {
    const bus = createTestBus();
    const steps = [{ type: 'ok', payload: 1 }];
    expect(String(await rejectionOf(() => replayRecording(bus, steps, { registry: {} as never })))).toMatch(
      /replayRecording\(bus, steps, options\): options\.registry must be a registry from createRegistry\(\)/,
    );
    expect(String(await rejectionOf(() => replayRecording(bus, steps, { settle: 5 as never })))).toMatch(
      /replayRecording\(bus, steps, options\): options\.settle must be a function/,
    );
    expect(String(await rejectionOf(() => replayRecording(undefined as never, steps)))).toMatch(
      /replayRecording\(bus, steps\): bus must be a bus from createBus\(\) or createTestBus\(\)/,
    );
    expect(bus.published).toEqual([]);
    await expect(replayRecording(bus, steps, { registry: createRegistry() })).resolves.toHaveLength(1);
  });
});

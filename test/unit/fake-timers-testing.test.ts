import { afterEach, describe, expect, test, vi } from 'vitest';
import { subscriptionsOf } from '../../src/index';
import { createTestBus, replayRecording, waitForEvent } from '../../src/testing/index';
import { JEST_DEFAULT_FAKES } from './fake-timers-support';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

type Events = { tick: number; tock: number; later: number; checked: number };

/** A step whose handlers follow up through a promise chain, a 0 ms timer and a 10 ms timer. */
const replayTick = () => {
  const bus = createTestBus<Events>();
  bus.subscribe('tick', async (n, ctx) => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await ctx.publish('checked', n);
    setTimeout(() => void ctx.publish('tock', n), 0);
    setTimeout(() => void ctx.publish('later', n), 10);
  });
  return replayRecording(bus, [{ type: 'tick', payload: 1 }]);
};
const followUpsOfOneMacrotask = [
  {
    type: 'tick',
    followUps: [
      { type: 'checked', payload: 1 },
      { type: 'tock', payload: 1 },
    ],
    failures: [],
  },
];

describe('replayRecording without settle, under fake timers', () => {
  test('real timers: the default settle waits one macrotask (the 10 ms timer is not waited for)', async () => {
    expect(await replayTick()).toEqual(followUpsOfOneMacrotask);
  });

  test('vi.useFakeTimers(): the same follow-ups, the fake time unchanged, the 10 ms timer still pending', async () => {
    vi.useFakeTimers({ now: 1_000 });
    expect(await replayTick()).toEqual(followUpsOfOneMacrotask);
    expect(Date.now()).toBe(1_000);
    expect(vi.getTimerCount()).toBe(1);
  });

  test("Jest's default fakes (queueMicrotask faked too): the same follow-ups", async () => {
    vi.useFakeTimers({ toFake: [...JEST_DEFAULT_FAKES] });
    expect(await replayTick()).toEqual(followUpsOfOneMacrotask);
  });

  test('fake timers that advance on their own (shouldAdvanceTime): the same follow-ups', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    expect(await replayTick()).toEqual(followUpsOfOneMacrotask);
  });

  test('a faked setTimeout with no clock to advance (Jest legacy timers) rejects naming it and the fix', async () => {
    vi.stubGlobal('setTimeout', vi.fn());
    await expect(replayRecording(createTestBus<Events>(), [{ type: 'tick', payload: 1 }])).rejects.toThrow(
      /replayRecording: setTimeout is faked by timers it cannot advance \(Jest's legacy fake timers\?\).*Pass options\.settle/,
    );
  });

  test('an explicit settle is still what runs after each step', async () => {
    vi.useFakeTimers();
    const bus = createTestBus<Events>();
    bus.subscribe('tick', (n, ctx) => void setTimeout(() => void ctx.publish('later', n), 10));
    const steps = await replayRecording(bus, [{ type: 'tick', payload: 2 }], { settle: () => vi.advanceTimersByTimeAsync(10) });
    expect(steps).toEqual([{ type: 'tick', followUps: [{ type: 'later', payload: 2 }], failures: [] }]);
  });
});

describe('waitForEvent under fake timers', () => {
  test('an event a timer publishes arrives once the test advances the clock; nothing is left behind', async () => {
    vi.useFakeTimers();
    const bus = createTestBus<Events>();
    setTimeout(() => bus.emit('tock', 3), 500);
    const tock = waitForEvent(bus, 'tock');
    vi.advanceTimersByTime(500);
    await expect(tock).resolves.toBe(3);
    expect(vi.getTimerCount()).toBe(0);
    expect(subscriptionsOf(bus)).toEqual([]);
  });
});

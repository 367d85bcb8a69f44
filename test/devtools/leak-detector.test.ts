import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createLeakDetector,
  LEAK_CHECK_INTERVAL_MS,
  LEAK_GROWTH_CHECKS,
  LEAK_MIN_GROWTH,
  type LeakDetectorOptions,
  type LeakSuspect,
  watchForLeaks,
} from '../../src/devtools/leak-detector';
import { createBus, type SubscriptionInfo } from '../../src/index';

let nextId = 0;
const subscription = (label: string, type = 'cart/added'): SubscriptionInfo => ({
  id: nextId++,
  type,
  isClass: false,
  label,
  priority: 0,
  once: false,
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createLeakDetector', () => {
  it(`flags a label that set a new high on ${LEAK_GROWTH_CHECKS} checks in a row after its baseline, gaining ${LEAK_MIN_GROWTH}, and warns once`, () => {
    const warnings: LeakSuspect[] = [];
    const detector = createLeakDetector({ onLeak: (suspect) => warnings.push(suspect) });
    const results: LeakSuspect[][] = [];
    for (let check = 0; check < 6; check++) {
      for (let mount = 0; mount < 5; mount++) detector.added(subscription('CartBadge', 'cart/added'));
      results.push(detector.check());
    }
    expect(results.slice(0, 3)).toEqual([[], [], []]);
    expect(results[3]).toEqual([
      { by: 'label', label: 'CartBadge', live: 20, growth: 15 },
      { by: 'key', key: 'cart/added', live: 20, growth: 15 },
    ]);
    expect(results[5]).toContainEqual({ by: 'label', label: 'CartBadge', live: 30, growth: 25 });
    expect(warnings).toEqual(results[3]);
    expect(detector.suspects()).toEqual(results[5]);
  });

  it('never flags a stable list of 1,000 listeners, however many checks and however much churn', () => {
    const onLeak = vi.fn();
    const detector = createLeakDetector({ onLeak, growthChecks: 1, minGrowth: 1 });
    const rows = Array.from({ length: 1000 }, (_, index) => subscription(index % 2 ? 'Row' : `Cell ${index}`, `row/${index % 7}`));
    for (const row of rows) detector.added(row);
    for (let check = 0; check < 50; check++) {
      for (const row of rows.slice(check * 20, check * 20 + 20)) {
        detector.removed(row);
        detector.added(row);
      }
      expect(detector.check()).toEqual([]);
    }
    expect(onLeak).not.toHaveBeenCalled();
  });

  it('a list that shrinks and grows back to its old size is not growth', () => {
    const detector = createLeakDetector({ growthChecks: 1, minGrowth: 1 });
    const rows = Array.from({ length: 100 }, () => subscription('Row'));
    for (const row of rows) detector.added(row);
    detector.check();
    for (const row of rows.slice(0, 60)) detector.removed(row);
    detector.check();
    for (const row of rows.slice(0, 30)) detector.added(row);
    expect(detector.check()).toEqual([]);
    for (const row of rows.slice(30, 60)) detector.added(row);
    expect(detector.check()).toEqual([]);
  });

  it('stops suspecting a label once a check finds some of it cleaned up', () => {
    const detector = createLeakDetector({ growthChecks: 2, minGrowth: 1 });
    const modals = Array.from({ length: 4 }, () => subscription('Modal', 'ui/close'));
    const [first, second, third, fourth] = modals as [SubscriptionInfo, SubscriptionInfo, SubscriptionInfo, SubscriptionInfo];
    detector.added(first);
    detector.check();
    detector.added(second);
    detector.added(third);
    expect(detector.check()).toEqual([]);
    detector.added(fourth);
    expect(detector.check().map((suspect) => [suspect.live, suspect.growth])).toEqual([
      [4, 3],
      [4, 3],
    ]);
    detector.removed(fourth);
    expect(detector.check()).toEqual([]);
  });

  it('flags a key that many differently labelled subscriptions leak into', () => {
    const detector = createLeakDetector();
    let mounted = 0;
    for (let check = 0; check <= LEAK_GROWTH_CHECKS; check++) {
      for (let mount = 0; mount < 5; mount++) detector.added(subscription(`Widget ${mounted++}`, 'theme/changed'));
      detector.check();
    }
    expect(detector.suspects()).toEqual([{ by: 'key', key: 'theme/changed', live: 20, growth: 15 }]);
  });

  it('an unchanged count between checks neither extends nor ends a streak (slow leaks add up)', () => {
    const detector = createLeakDetector({ growthChecks: 2, minGrowth: 2 });
    detector.added(subscription('Page'));
    detector.check();
    for (let mount = 0; mount < 2; mount++) {
      detector.added(subscription('Page'));
      for (let idle = 0; idle < 5; idle++) detector.check();
    }
    expect(detector.suspects()).toContainEqual({ by: 'label', label: 'Page', live: 3, growth: 2 });
  });

  it('stays quiet while the growth is below minGrowth; both thresholds are configurable', () => {
    const grow = (options: LeakDetectorOptions) => {
      const detector = createLeakDetector(options);
      for (let check = 0; check < 8; check++) {
        detector.added(subscription('Toast', 'toast/show'));
        detector.check();
      }
      return detector.suspects();
    };
    expect(grow({})).toEqual([]);
    expect(grow({ minGrowth: 7 })).toHaveLength(2);
    expect(grow({ minGrowth: 7, growthChecks: 8 })).toEqual([]);
  });

  it('takes subscribe and unsubscribe observations, and ignores the rest', () => {
    const detector = createLeakDetector({ growthChecks: 1, minGrowth: 1 });
    const row = subscription('Row');
    detector.observe({ kind: 'subscribe', subscription: row });
    detector.check();
    detector.observe({ kind: 'subscribe', subscription: subscription('Row') });
    detector.observe({ kind: 'handler-start', eventId: '1', subscription: row });
    expect(detector.check().map((suspect) => suspect.live)).toEqual([2, 2]);
    for (let index = 0; index < 3; index++) detector.observe({ kind: 'unsubscribe', subscription: row });
    expect(detector.check()).toEqual([]);
    // More unsubscribes than subscriptions (one made before the detector) never count below zero.
    for (let index = 0; index < 3; index++) detector.observe({ kind: 'subscribe', subscription: subscription('Row') });
    expect(detector.check().map((suspect) => [suspect.live, suspect.growth])).toEqual([
      [3, 3],
      [3, 3],
    ]);
  });

  it('tracks at most maxNames labels (and keys), reusing idle ones, and counts what it could not track', () => {
    const detector = createLeakDetector({ maxNames: 3, growthChecks: 1, minGrowth: 1 });
    const first = subscription('A', 'a');
    detector.added(first);
    detector.removed(first);
    const mountAll = () => {
      for (const name of ['B', 'C', 'D', 'E']) detector.added(subscription(name, name.toLowerCase()));
    };
    mountAll();
    expect(detector.untracked()).toBe(2);
    detector.check();
    mountAll();
    const labels = detector.check().flatMap((suspect) => (suspect.by === 'label' ? [suspect.label] : []));
    expect(labels).toEqual(['B', 'C', 'D']);
  });

  it('a throwing onLeak is logged, and the check still returns its suspects', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const detector = createLeakDetector({
      growthChecks: 1,
      minGrowth: 1,
      onLeak: () => {
        throw new Error('reporter down');
      },
    });
    detector.added(subscription('X'));
    detector.check();
    detector.added(subscription('X'));
    expect(detector.check()).toHaveLength(2);
    expect(logged).toHaveBeenCalledTimes(2);
  });

  it.each<[string, unknown, RegExp]>([
    ['growthChecks of 0', { growthChecks: 0 }, /growthChecks must be a whole number >= 1, got 0/],
    ['a negative minGrowth', { minGrowth: -1 }, /minGrowth must be a whole number >= 1/],
    ['a fractional maxNames', { maxNames: 1.5 }, /maxNames must be a whole number >= 1/],
    ['an onLeak that is not a function', { onLeak: 'console.warn' }, /onLeak must be a function/],
  ])('%s throws a TypeError naming the option', (_case, options, message) => {
    expect(() => createLeakDetector(options as LeakDetectorOptions)).toThrow(TypeError);
    expect(() => createLeakDetector(options as LeakDetectorOptions)).toThrow(message);
  });

  it('never flags a label whose live count never exceeds its count at the first check (property)', () => {
    const operation = fc.oneof(fc.constant('add' as const), fc.constant('remove' as const), fc.constant('check' as const));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(operation, { maxLength: 200 }),
        fc.integer({ min: 1, max: 4 }),
        (initial, operations, growthChecks) => {
          const detector = createLeakDetector({ growthChecks, minGrowth: 1 });
          let live = initial;
          for (let index = 0; index < initial; index++) detector.added(subscription('List'));
          detector.check();
          for (const step of operations) {
            if (step === 'add' && live < initial) {
              live++;
              detector.added(subscription('List'));
            } else if (step === 'remove' && live > 0) {
              live--;
              detector.removed(subscription('List'));
            } else if (step === 'check') expect(detector.check()).toEqual([]);
          }
        },
      ),
    );
  });

  it('flags any label that only grows, once it is past the floor and has grown on enough checks (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (batches, growthChecks) => {
          const onLeak = vi.fn();
          const detector = createLeakDetector({ growthChecks, minGrowth: LEAK_MIN_GROWTH, onLeak });
          let live = 0;
          batches.forEach((batch, index) => {
            for (let mount = 0; mount < batch; mount++) detector.added(subscription('Leaky', `leaky/${mount % 2}`));
            live += batch;
            const labels = detector.check().filter((suspect) => suspect.by === 'label');
            const baseline = batches[0] as number;
            expect(labels.length).toBe(index >= growthChecks && live - baseline >= LEAK_MIN_GROWTH ? 1 : 0);
          });
          expect(onLeak.mock.calls.filter(([suspect]) => suspect.by === 'label').length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('watchForLeaks on a real bus', () => {
  type Events = { 'cart/added': { sku: string }; 'row/changed': number };

  it('flags a component-like loop that subscribes on every mount without cleanup, naming its label', () => {
    const bus = createBus<Events>();
    const warnings: LeakSuspect[] = [];
    const watch = watchForLeaks(bus, { intervalMs: 0, onLeak: (suspect) => warnings.push(suspect) });
    const mountCartBadge = () => {
      bus.subscribe('cart/added', () => {}, { label: 'CartBadge' });
      // the missing cleanup: no unsubscribe on unmount
    };
    for (let navigation = 0; navigation < 8; navigation++) {
      for (let render = 0; render < 3; render++) mountCartBadge();
      watch.check();
    }
    expect(warnings).toEqual([
      { by: 'label', label: 'CartBadge', live: 15, growth: 12 },
      { by: 'key', key: 'cart/added', live: 15, growth: 12 },
    ]);
    expect(watch.suspects()).toContainEqual({ by: 'label', label: 'CartBadge', live: 24, growth: 21 });
    watch.stop();
  });

  it('does not flag the same component when it cleans up, nor a stable bus of 1,000 listeners', () => {
    const bus = createBus<Events>();
    const rows = Array.from({ length: 1000 }, (_, index) => bus.subscribe('row/changed', () => {}, { label: `Row ${index % 10}` }));
    const onLeak = vi.fn();
    const watch = watchForLeaks(bus, { intervalMs: 0, onLeak });
    for (let navigation = 0; navigation < 20; navigation++) {
      const unmount = Array.from({ length: 3 }, () => bus.subscribe('cart/added', () => {}, { label: 'CartBadge' }));
      bus.emit('row/changed', navigation);
      watch.check();
      for (const unsubscribe of unmount) unsubscribe();
      watch.check();
    }
    expect(onLeak).not.toHaveBeenCalled();
    for (const unsubscribe of rows) unsubscribe();
    watch.stop();
  });

  it('counts the subscriptions the bus already had, and stop() detaches', () => {
    const bus = createBus<Events>();
    for (let index = 0; index < 12; index++) bus.subscribe('cart/added', () => {}, { label: 'Early' });
    const watch = watchForLeaks(bus, { intervalMs: 0, growthChecks: 1, minGrowth: 12, onLeak: () => {} });
    expect(watch.check()).toEqual([]);
    for (let index = 0; index < 12; index++) bus.subscribe('cart/added', () => {}, { label: 'Early' });
    expect(watch.check()).toContainEqual({ by: 'label', label: 'Early', live: 24, growth: 12 });
    watch.stop();
    for (let index = 0; index < 12; index++) bus.subscribe('cart/added', () => {}, { label: 'Early' });
    expect(watch.check()).toContainEqual({ by: 'label', label: 'Early', live: 24, growth: 12 });
  });

  it(`checks every ${LEAK_CHECK_INTERVAL_MS} ms by default and warns once in the console, naming the label`, () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bus = createBus<Events>();
    const watch = watchForLeaks(bus);
    for (let tick = 0; tick < 6; tick++) {
      for (let mount = 0; mount < 4; mount++) bus.subscribe('cart/added', () => {}, { label: 'CartBadge' });
      vi.advanceTimersByTime(LEAK_CHECK_INTERVAL_MS);
    }
    const messages = warn.mock.calls.map(([message]) => String(message));
    expect(messages.filter((message) => message.includes('label "CartBadge"'))).toHaveLength(1);
    expect(messages[0]).toMatch(/\[hubbub\] possible subscription leak: label "CartBadge" has 16 live subscriptions/);
    watch.stop();
    vi.advanceTimersByTime(LEAK_CHECK_INTERVAL_MS * 10);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('rejects a negative interval with a TypeError naming it', () => {
    expect(() => watchForLeaks(createBus<Events>(), { intervalMs: -5 })).toThrow(/intervalMs must be a whole number >= 0/);
  });
});

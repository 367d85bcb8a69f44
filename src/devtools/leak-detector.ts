/**
 * Leak warnings: counts live subscriptions per label and per key from the bus's `subscribe` /
 * `unsubscribe` observations, and flags a label or key whose count keeps setting new highs
 * (a component mounted again and again without cleanup), never one that stays put, however big.
 *
 * The rule, per label and per key, at each check: the first check that sees it sets its baseline
 * (a list of 1,000 rows mounting at once is not growth); after that, a check that finds its count
 * changed and above every count seen before extends its growth streak, one that finds it changed
 * but not above (something was cleaned up) ends the streak and moves the baseline there, and one
 * that finds it unchanged leaves everything as it was (so slow leaks still add up). It is a suspect
 * while its streak is `growthChecks` checks long and it has gained `minGrowth` since the baseline.
 */
import { DEV } from '../core/dev';
import { type Bus, inspect, type Observation, type SubscriptionInfo, subscriptionsOf } from '../index';

/**
 * A label or key whose live subscriptions keep growing.
 *
 * @example
 * const suspect: LeakSuspect = { by: 'label', label: 'CartBadge', live: 40, growth: 38 }
 */
export type LeakSuspect =
  | { readonly by: 'label'; readonly label: string; readonly live: number; readonly growth: number }
  | { readonly by: 'key'; readonly key: string; readonly live: number; readonly growth: number };

/**
 * Options of {@link createLeakDetector} and {@link watchForLeaks}.
 *
 * @example
 * const options: LeakDetectorOptions = { growthChecks: 5, minGrowth: 50, onLeak: (suspect) => console.warn(suspect) }
 */
export interface LeakDetectorOptions {
  /** Checks in a row that found a new highest live count, before a label or key is flagged. Default {@link LEAK_GROWTH_CHECKS}. */
  readonly growthChecks?: number;
  /** Live subscriptions gained since the baseline, below which nothing is flagged. Default {@link LEAK_MIN_GROWTH}. */
  readonly minGrowth?: number;
  /** Called once per suspect, when it is first flagged (a throwing one is logged). */
  readonly onLeak?: (suspect: LeakSuspect) => void;
  /** Labels (and, apart, keys) tracked; beyond it new ones are not. Default {@link MAX_LEAK_NAMES}. */
  readonly maxNames?: number;
}

/**
 * Fed subscriptions, checked now and then, from {@link createLeakDetector}.
 *
 * @example
 * const detector = createLeakDetector({ onLeak: (s) => console.warn(s) })
 * inspect(bus, detector.observe)
 * setInterval(detector.check, 5000)
 */
export interface LeakDetector {
  /** Takes `subscribe` and `unsubscribe` observations; ignores the rest. */
  readonly observe: (observation: Observation) => void;
  /** Counts one live subscription more. */
  readonly added: (subscription: SubscriptionInfo) => void;
  /** Counts one live subscription less. */
  readonly removed: (subscription: SubscriptionInfo) => void;
  /** Compares live counts with earlier checks; calls `onLeak` for new suspects; returns the current ones. */
  readonly check: () => LeakSuspect[];
  /** The suspects as of the last check. */
  readonly suspects: () => LeakSuspect[];
  /** Subscriptions not counted because `maxNames` labels (or keys) were already tracked. */
  readonly untracked: () => number;
}

/**
 * Checks in a row that must each find a new highest live count: a list that grew once or twice
 * is an app loading, growth after growth is a leak.
 *
 * @example
 * createLeakDetector({ growthChecks: LEAK_GROWTH_CHECKS + 2 })
 */
export const LEAK_GROWTH_CHECKS = 3;

/**
 * Subscriptions one label or key must gain during its growth before it is flagged (a few
 * remounts are not a leak worth a warning).
 *
 * @example
 * createLeakDetector({ minGrowth: LEAK_MIN_GROWTH * 5 })
 */
export const LEAK_MIN_GROWTH = 10;

/**
 * Labels tracked (and keys, apart) at most: four numbers each. Beyond it a new name is tracked only
 * in place of one with no live subscription, else counted as untracked.
 *
 * @example
 * createLeakDetector({ maxNames: MAX_LEAK_NAMES * 2 })
 */
export const MAX_LEAK_NAMES = 1000;

/**
 * How often {@link watchForLeaks} checks, by default.
 *
 * @example
 * watchForLeaks(bus, { intervalMs: LEAK_CHECK_INTERVAL_MS / 5 })
 */
export const LEAK_CHECK_INTERVAL_MS = 5000;

/** What the detector knows of one label or key. */
interface Tally {
  live: number;
  /** Whether a check has seen it (and set its baseline). */
  seen: boolean;
  /** Whether `live` changed since the last check. */
  changed: boolean;
  /** The highest live count any check saw. */
  highest: number;
  /** Live count at the check before the current growth began. */
  baseline: number;
  /** Checks in a row (ignoring those that found no change) that found a new high. */
  growths: number;
  warned: boolean;
}

/**
 * Throws a TypeError unless `value` is a whole number >= `least`, naming where it was passed.
 *
 * @example
 * checkCount(options.intervalMs, 'leaks.intervalMs', 1, 'connectDevtools(bus, { leaks })')
 */
export const checkCount = (value: unknown, option: string, least: number, where = 'leak detector'): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
    throw new TypeError(
      DEV ? `[hubbub] ${where}: ${option} must be a whole number >= ${least}, got ${String(value)}.` : `[hubbub] ${where}: ${option}`,
    );
  }
  return value;
};

/** Live counts of one dimension (labels or keys), bounded by `maxNames`. */
const tallies = (maxNames: number) => {
  const byName = new Map<string, Tally>();
  let untracked = 0;
  const idleName = (): string | undefined => {
    for (const [name, tally] of byName) if (tally.live === 0) return name;
    return undefined;
  };
  const tallyOf = (name: string): Tally | undefined => {
    const known = byName.get(name);
    if (known) return known;
    if (byName.size >= maxNames) {
      const idle = idleName();
      if (idle === undefined) {
        untracked++;
        return undefined;
      }
      byName.delete(idle);
    }
    const tally: Tally = { live: 0, seen: false, changed: false, highest: 0, baseline: 0, growths: 0, warned: false };
    byName.set(name, tally);
    return tally;
  };
  return {
    byName,
    untracked: () => untracked,
    add(name: string) {
      const tally = tallyOf(name);
      if (!tally) return;
      tally.live++;
      tally.changed = true;
    },
    remove(name: string) {
      const tally = byName.get(name);
      if (!tally || tally.live === 0) return;
      tally.live--;
      tally.changed = true;
    },
  };
};

/** One check of one tally (the rule in this file's header). */
const step = (tally: Tally) => {
  const { changed, seen, live } = tally;
  tally.changed = false;
  tally.seen = true;
  if (!seen || (changed && live <= tally.highest)) {
    tally.growths = 0;
    tally.baseline = live;
    tally.highest = Math.max(tally.highest, live);
  } else if (changed) {
    tally.highest = live;
    tally.growths++;
  }
};

/**
 * Makes a leak detector: feed it subscriptions (`observe` an inspector's observations, or
 * `added`/`removed`), call `check()` now and then (a timer, a route change). A label or key is a
 * suspect when `growthChecks` checks in a row found a new highest live count and it gained at
 * least `minGrowth` over them (the rule in full is in this file's header); it stops being one when
 * a check finds it cleaned up. `onLeak` is called once per label or key while it is tracked. Memory: at most
 * `maxNames` labels and `maxNames` keys, a few numbers each.
 *
 * @example
 * const detector = createLeakDetector({ onLeak: (suspect) => console.warn('[hubbub] leak?', suspect) })
 * const detach = inspect(bus, detector.observe)
 * const timer = setInterval(detector.check, 5000)
 */
export const createLeakDetector = (options: LeakDetectorOptions = {}): LeakDetector => {
  const growthChecks = checkCount(options.growthChecks ?? LEAK_GROWTH_CHECKS, 'growthChecks', 1);
  const minGrowth = checkCount(options.minGrowth ?? LEAK_MIN_GROWTH, 'minGrowth', 1);
  const maxNames = checkCount(options.maxNames ?? MAX_LEAK_NAMES, 'maxNames', 1);
  const { onLeak } = options;
  if (onLeak !== undefined && typeof onLeak !== 'function') {
    throw new TypeError('[hubbub] leak detector: onLeak must be a function (suspect) => void.');
  }
  const labels = tallies(maxNames);
  const keys = tallies(maxNames);
  let current: LeakSuspect[] = [];

  const added = (subscription: SubscriptionInfo) => {
    labels.add(subscription.label);
    keys.add(subscription.type);
  };
  const removed = (subscription: SubscriptionInfo) => {
    labels.remove(subscription.label);
    keys.remove(subscription.type);
  };

  const isSuspect = (tally: Tally) => tally.growths >= growthChecks && tally.live - tally.baseline >= minGrowth;
  const suspectOf = (by: 'label' | 'key', name: string, tally: Tally): LeakSuspect => {
    const growth = tally.live - tally.baseline;
    return by === 'label' ? { by, label: name, live: tally.live, growth } : { by, key: name, live: tally.live, growth };
  };

  const check = (): LeakSuspect[] => {
    const found: LeakSuspect[] = [];
    const fresh: LeakSuspect[] = [];
    for (const [by, dimension] of [
      ['label', labels],
      ['key', keys],
    ] as const) {
      for (const [name, tally] of dimension.byName) {
        step(tally);
        if (!isSuspect(tally)) continue;
        const suspect = suspectOf(by, name, tally);
        found.push(suspect);
        if (!tally.warned) {
          tally.warned = true;
          fresh.push(suspect);
        }
      }
    }
    current = found;
    for (const suspect of fresh) {
      try {
        onLeak?.(suspect);
      } catch (error) {
        console.error('[hubbub] leak detector: onLeak failed:', error);
      }
    }
    return [...found];
  };

  return {
    observe(observation) {
      if (observation.kind === 'subscribe') added(observation.subscription);
      else if (observation.kind === 'unsubscribe') removed(observation.subscription);
    },
    added,
    removed,
    check,
    suspects: () => [...current],
    untracked: () => labels.untracked() + keys.untracked(),
  };
};

/**
 * Options of {@link watchForLeaks}: the detector's, plus how often to check.
 *
 * @example
 * const options: WatchForLeaksOptions = { intervalMs: 10_000, minGrowth: 20 }
 */
export interface WatchForLeaksOptions extends LeakDetectorOptions {
  /** Milliseconds between checks; `0` checks only when `check()` is called. Default {@link LEAK_CHECK_INTERVAL_MS}. */
  readonly intervalMs?: number;
}

/**
 * A running leak watch on one bus, from {@link watchForLeaks}.
 *
 * @example
 * const watch = watchForLeaks(bus)
 * watch.stop()
 */
export interface LeakWatch {
  /** Checks now (as the timer does). */
  readonly check: () => LeakSuspect[];
  /** The suspects as of the last check. */
  readonly suspects: () => LeakSuspect[];
  /** Detaches from the bus and stops the timer. */
  readonly stop: () => void;
}

/**
 * Watches a bus for leaking subscriptions: counts the ones it already has, follows `subscribe` /
 * `unsubscribe` through `inspect`, and checks every `intervalMs`. By default a suspect is warned
 * once in the console, naming the label or key.
 *
 * @example
 * if (import.meta.env.DEV) watchForLeaks(bus) // console: [hubbub] possible subscription leak: label "CartBadge" ...
 */
export const watchForLeaks = <E extends object>(bus: Bus<E>, options: WatchForLeaksOptions = {}): LeakWatch => {
  const { intervalMs = LEAK_CHECK_INTERVAL_MS, ...detectorOptions } = options;
  checkCount(intervalMs, 'intervalMs', 0);
  const detector = createLeakDetector({
    onLeak: (suspect) =>
      console.warn(
        `[hubbub] possible subscription leak: ${suspect.by === 'label' ? `label "${suspect.label}"` : `key "${suspect.key}"`} has ${suspect.live} live subscriptions (+${suspect.growth} and still growing). Unsubscribe on cleanup (useEvent does it for you).`,
      ),
    ...detectorOptions,
  });
  for (const subscription of subscriptionsOf(bus)) detector.added(subscription);
  const detach = inspect(bus, detector.observe);
  const timer = intervalMs > 0 ? setInterval(detector.check, intervalMs) : undefined;
  (timer as { unref?: () => void } | undefined)?.unref?.();
  return {
    check: detector.check,
    suspects: detector.suspects,
    stop() {
      detach();
      if (timer !== undefined) clearInterval(timer);
    },
  };
};

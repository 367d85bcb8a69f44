/**
 * Runs the leak detector inside `connectDevtools`: counts subscriptions from the bus's
 * observations, checks on a timer, keeps the current suspects for the next batch, and warns
 * once per suspect in the console in development.
 */
import { DEV } from '../core/dev';
import type { Observation, SubscriptionInfo } from '../index';
import { checkCount, createLeakDetector, LEAK_CHECK_INTERVAL_MS, type LeakSuspect } from './leak-detector';
import type { DevtoolsOptions } from './options';
import type { LeakSuspectEntry } from './protocol';
import { clip } from './text';

/**
 * The leak watch of one connection.
 *
 * @example
 * const watch = createLeakWatch(options.leaks, 10_000, true)
 * const stop = watch?.start(subscriptionsOf(bus), () => batcher.schedule())
 */
export interface LeakWatchWiring {
  /** Takes `subscribe` / `unsubscribe` observations. */
  readonly observe: (observation: Observation) => void;
  /** Counts the subscriptions the bus already has, starts the timer; `onChange` is called when the suspects changed. Returns stop. */
  readonly start: (existing: readonly SubscriptionInfo[], onChange: () => void) => () => void;
  /** Checks now (as the timer does). */
  readonly check: () => void;
  /** Whether the suspects changed since they were last taken by `suspects()`. */
  readonly changed: () => boolean;
  /** Resends the suspects with the next batch (after a viewer connected, or a post failed). */
  readonly markChanged: () => void;
  /** Takes the current suspects (names capped at `maxString`). */
  readonly suspects: () => LeakSuspectEntry[];
}

const entryOf = (suspect: LeakSuspect, maxString: number): LeakSuspectEntry => ({
  by: suspect.by,
  name: clip(suspect.by === 'label' ? suspect.label : suspect.key, maxString),
  live: suspect.live,
  growth: suspect.growth,
});

/**
 * Makes the leak watch for `connectDevtools`' `leaks` option, or undefined for `leaks: false`.
 * Bad numbers throw the detector's TypeError, which names the option.
 *
 * @example
 * const watch = createLeakWatch({ minGrowth: 50 }, limits.maxString, !isProductionBuild())
 */
export const createLeakWatch = (
  options: DevtoolsOptions['leaks'],
  maxString: number,
  warnInConsole: boolean,
): LeakWatchWiring | undefined => {
  if (options === false) return undefined;
  const { growthChecks, minGrowth, intervalMs = LEAK_CHECK_INTERVAL_MS } = options ?? {};
  checkCount(intervalMs, 'leaks.intervalMs (milliseconds)', 1, 'connectDevtools(bus, { leaks })');
  const detector = createLeakDetector({
    ...(growthChecks !== undefined && { growthChecks }),
    ...(minGrowth !== undefined && { minGrowth }),
    onLeak: (suspect) => {
      // Development only: a production build (even with hubbub/devtools/production) drops the message.
      if (!DEV || !warnInConsole) return;
      const name = suspect.by === 'label' ? `label "${suspect.label}"` : `key "${suspect.key}"`;
      console.warn(
        `[hubbub] possible subscription leak: ${name} has ${suspect.live} live subscriptions (+${suspect.growth} and still growing). Unsubscribe on cleanup (useEvent does it for you).`,
      );
    },
  });
  let current: LeakSuspectEntry[] = [];
  let sentText = '[]';
  let changed = false;
  let notify = () => {};

  const check = () => {
    current = detector.check().map((suspect) => entryOf(suspect, maxString));
    const text = JSON.stringify(current);
    if (text === sentText) return;
    sentText = text;
    changed = true;
    notify();
  };

  return {
    observe: detector.observe,
    start(existing, onChange) {
      for (const subscription of existing) detector.added(subscription);
      notify = onChange;
      const timer = setInterval(check, intervalMs);
      (timer as { unref?: () => void }).unref?.();
      return () => clearInterval(timer);
    },
    check,
    changed: () => changed,
    markChanged() {
      changed = current.length > 0;
    },
    suspects() {
      changed = false;
      return current;
    },
  };
};

import type { RecordedStream } from './recorded-stream';
import type { Explain } from './waiters';

/**
 * Each distinct value once, in double quotes, comma-separated.
 *
 * @example
 * quoted(['shop', 'cart', 'shop']) // '"shop", "cart"'
 */
export const quoted = (values: Iterable<string>): string => [...new Set(values)].map((value) => `"${value}"`).join(', ');

/**
 * Each distinct label once, in first-seen order, with how many times it came when more than once.
 *
 * @example
 * tally(['cart/added', 'cart/added', 'order/placed']) // 'cart/added ×2, order/placed'
 */
export const tally = (labels: readonly string[]): string => {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].map(([label, count]) => (count > 1 ? `${label} ×${count}` : label)).join(', ') || 'none';
};

/**
 * Builds the rejection messages of a recorder's waits (and dispatches) that found nothing: why the
 * wait ended, or that it timed out; what was recorded instead; and, after a timeout, what the
 * recorder knows that may explain it (no bus said hello, none of the recorded name did, the page
 * let entries go before the recorder connected).
 *
 * @example
 * const failure = waitFailures(stream, 'shop')
 * waiters.wait(search, 2000, failure('recordBus: no "cart/added" event', 2000, () => `Recorded: ${tally(types)}.`))
 */
export const waitFailures = (stream: Pick<RecordedStream, 'busNames' | 'instances' | 'missedEntries'>, bus: string | undefined) => {
  const likelyCauses = (): string[] => {
    const causes: string[] = [];
    if (stream.busNames.size === 0) {
      causes.push(
        "No bus said hello: call connectDevtools(bus) in the page (a production build compiles 'hubbub/devtools' out: import it from 'hubbub/devtools/production' there).",
      );
    } else if (stream.instances.length === 0) {
      causes.push(`No bus named "${bus}" said hello; the page's buses: ${quoted(stream.busNames.values())}.`);
    }
    const missed = stream.missedEntries();
    if (missed > 0) {
      causes.push(
        `${missed} entries of the page's stream never reached this recorder: the page let them go before it connected` +
          " (connectDevtools' maxBuffer, default 5000). Call recordBus before page.goto to record every one.",
      );
    }
    return causes;
  };
  // A part may be empty (nothing recorded, no likely cause): joined as is, it would leave a double space.
  const sentences = (...parts: string[]) => parts.filter((part) => part !== '').join(' ');
  return (what: string, timeout: number, recorded: () => string): Explain =>
    (endedBecause) =>
      endedBecause === undefined
        ? sentences(`[hubbub] ${what} within ${timeout} ms.`, recorded(), ...likelyCauses())
        : sentences(`[hubbub] ${what}: ${endedBecause}.`, recorded());
};

/**
 * What {@link waitFailures} returns: a wait's rejection message from what it looked for, its
 * timeout, and what was recorded instead.
 *
 * @example
 * const explain = failure('recordBus: no handler error', 5000, () => `Errors recorded: ${errors.length}.`)
 */
export type WaitFailure = ReturnType<typeof waitFailures>;

/** `12:03:04.567` for a timestamp; `unknown time` for one no Date can hold (NaN, ±Infinity, past ±8.64e15). @example formatTime(Date.now()) */
export const formatTime = (timestamp: number): string => {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
};

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Past a million hours a duration is a broken clock, not a measurement: say so briefly, never with an exponent. */
const LONGEST_SHOWN = 1_000_000 * HOUR;

/**
 * `0.42 ms` / `12.3 ms` / `1.20 s` / `1.5 min` / `2.0 h`, signed when negative (a clock that went
 * back), `unknown` when not a number. Each unit is chosen by the value as rounded, so 999.99 ms
 * reads `1.00 s`, not `1000.0 ms`.
 *
 * @example formatDuration(0.4213) // '0.42 ms'
 */
export const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms)) return 'unknown';
  const sign = ms < 0 ? '-' : '';
  const size = Math.abs(ms);
  if (size < 9.995) return `${sign}${size.toFixed(2)} ms`;
  if (size < 999.95) return `${sign}${size.toFixed(1)} ms`;
  if (size < 59.995 * SECOND) return `${sign}${(size / SECOND).toFixed(2)} s`;
  if (size < 59.95 * MINUTE) return `${sign}${(size / MINUTE).toFixed(1)} min`;
  if (size < LONGEST_SHOWN) return `${sign}${(size / HOUR).toFixed(1)} h`;
  return `${sign}over 1,000,000 h`;
};

/**
 * A count and its noun, plural unless the count is 1 (numbers as they are: no thousands separator).
 *
 * @example countOf(3, 'event') // '3 events'; countOf(1, 'entry', 'entries') // '1 entry'
 */
export const countOf = (count: number, noun: string, nouns = `${noun}s`): string => `${count} ${count === 1 ? noun : nouns}`;

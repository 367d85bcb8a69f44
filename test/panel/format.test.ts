import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime } from '../../src/devtools/panel/ui/format';

describe('formatTime at the extremes', () => {
  it('formats the epoch and times before it as clock times', () => {
    expect(formatTime(0)).toMatch(/^\d\d:\d\d:\d\d\.000$/);
    expect(formatTime(-1)).toMatch(/^\d\d:\d\d:\d\d\.999$/);
  });

  it('says a time is unknown instead of printing NaN:NaN:NaN', () => {
    for (const timestamp of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, 8.64e15 + 1]) {
      expect(formatTime(timestamp)).toBe('unknown time');
    }
  });
});

describe('formatDuration at the extremes', () => {
  it('keeps the usual units for everyday durations', () => {
    expect(formatDuration(0)).toBe('0.00 ms');
    expect(formatDuration(0.4213)).toBe('0.42 ms');
    expect(formatDuration(12.34)).toBe('12.3 ms');
    expect(formatDuration(1200)).toBe('1.20 s');
  });

  it('rounds up to the next unit at its boundary instead of printing 1000.0 ms or 10.00 ms', () => {
    expect(formatDuration(999.99)).toBe('1.00 s');
    expect(formatDuration(9.999)).toBe('10.0 ms');
  });

  it('uses minutes and hours for long durations, never an exponent', () => {
    expect(formatDuration(90_000)).toBe('1.5 min');
    expect(formatDuration(7_200_000)).toBe('2.0 h');
    expect(formatDuration(1e21)).not.toMatch(/e\+/);
    expect(formatDuration(1e300)).not.toMatch(/e\+/);
  });

  it('shows a negative duration (a clock that went back) with its sign, in the same units', () => {
    expect(formatDuration(-0.5)).toBe('-0.50 ms');
    expect(formatDuration(-5_000)).toBe('-5.00 s');
  });

  it('says a duration is unknown instead of NaN ms or Infinity s', () => {
    for (const duration of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(formatDuration(duration)).toBe('unknown');
  });
});

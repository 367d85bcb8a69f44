import type { EventRecord } from './event-record';

/** Counts and rate of one event type. */
export interface TypeStats {
  readonly eventType: string;
  readonly count: number;
  readonly failed: number;
  readonly blocked: number;
  /** Events per second over the recorded span of this type. */
  readonly perSecond: number;
}

/** One handler run, for the slowest-handlers table. */
export interface SlowHandler {
  readonly label: string;
  readonly eventType: string;
  readonly duration: number;
  readonly eventKey: string;
}

/**
 * Per-type counts and rates (busiest first) and the slowest handler runs.
 *
 * @example
 * const { types, slowest } = computeStats(events.getState().records, 10)
 */
export const computeStats = (records: readonly EventRecord[], slowestCount = 10) => {
  const byType = new Map<string, { count: number; failed: number; blocked: number; first: number; last: number }>();
  const slowest: SlowHandler[] = [];
  for (const record of records) {
    const stats = byType.get(record.eventType) ?? { count: 0, failed: 0, blocked: 0, first: record.timestamp, last: record.timestamp };
    stats.count++;
    if (record.status === 'failed') stats.failed++;
    if (record.status === 'blocked') stats.blocked++;
    stats.first = Math.min(stats.first, record.timestamp);
    stats.last = Math.max(stats.last, record.timestamp);
    byType.set(record.eventType, stats);
    for (const run of record.handlers) {
      if (slowest.length === slowestCount && run.duration <= (slowest.at(-1) as SlowHandler).duration) continue;
      slowest.push({ label: run.label, eventType: record.eventType, duration: run.duration, eventKey: record.key });
      slowest.sort((a, b) => b.duration - a.duration);
      if (slowest.length > slowestCount) slowest.pop();
    }
  }
  const types: TypeStats[] = [...byType].map(([eventType, s]) => ({
    eventType,
    count: s.count,
    failed: s.failed,
    blocked: s.blocked,
    perSecond: s.last > s.first ? (s.count * 1000) / (s.last - s.first) : 0,
  }));
  types.sort((a, b) => b.count - a.count || a.eventType.localeCompare(b.eventType));
  return { types, slowest };
};

import type { EventRecord } from './event-record';

/** Counts and rate of one event type. */
export interface TypeStats {
  readonly eventType: string;
  readonly count: number;
  readonly failed: number;
  readonly blocked: number;
  /** Events per second over the recorded span of this type; undefined while it has no span (one event, or times unknown). */
  readonly perSecond: number | undefined;
}

/** One handler run, for the slowest-handlers table. */
export interface SlowHandler {
  readonly label: string;
  readonly eventType: string;
  readonly duration: number;
  readonly eventKey: string;
  /** The run's `seq`: two handlers of one event may share a label (anonymous ones do). */
  readonly seq: number;
  readonly subscriptionId: number;
}

/**
 * Per-type counts and rates (busiest first) and the slowest handler runs. A run whose duration is
 * not a finite number (an edited import) is left out of the slowest: it cannot be ranked truly.
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
    // Math.min/max would turn the whole span into NaN for one unknown time.
    if (Number.isFinite(record.timestamp)) {
      stats.first = Number.isFinite(stats.first) ? Math.min(stats.first, record.timestamp) : record.timestamp;
      stats.last = Number.isFinite(stats.last) ? Math.max(stats.last, record.timestamp) : record.timestamp;
    }
    byType.set(record.eventType, stats);
    for (const run of record.handlers) {
      if (!Number.isFinite(run.duration)) continue;
      if (slowest.length === slowestCount && run.duration <= (slowest.at(-1) as SlowHandler).duration) continue;
      slowest.push({
        label: run.label,
        eventType: record.eventType,
        duration: run.duration,
        eventKey: record.key,
        seq: run.seq,
        subscriptionId: run.subscriptionId,
      });
      slowest.sort((a, b) => b.duration - a.duration);
      if (slowest.length > slowestCount) slowest.pop();
    }
  }
  const types: TypeStats[] = [...byType].map(([eventType, stats]) => ({
    eventType,
    count: stats.count,
    failed: stats.failed,
    blocked: stats.blocked,
    perSecond: stats.last > stats.first ? (stats.count * 1000) / (stats.last - stats.first) : undefined,
  }));
  types.sort((a, b) => b.count - a.count || a.eventType.localeCompare(b.eventType));
  return { types, slowest };
};

import { create } from 'zustand';

/** Counters the metrics middleware and the bus watcher keep. */
export interface MetricsState {
  /** Events that passed authorization, by type. */
  readonly counts: Readonly<Record<string, number>>;
  /** Events each middleware blocked, by middleware name. */
  readonly blocked: Readonly<Record<string, number>>;
  /** Revenue the analytics handler recorded, less the orders cancelled since. */
  readonly revenue: number;
  count(type: string): void;
  block(middleware: string): void;
  addRevenue(amount: number): void;
}

const bump = (map: Readonly<Record<string, number>>, key: string) => ({ ...map, [key]: (map[key] ?? 0) + 1 });

/**
 * Metrics shown in the UI. Written by bus-side code (middleware, handlers, an inspector), read by components.
 *
 * @example
 * const counts = useMetricsStore((s) => s.counts)
 */
export const useMetricsStore = create<MetricsState>()((set) => ({
  counts: {},
  blocked: {},
  revenue: 0,
  count: (type) => set((s) => ({ counts: bump(s.counts, type) })),
  block: (middleware) => set((s) => ({ blocked: bump(s.blocked, middleware) })),
  addRevenue: (amount) => set((s) => ({ revenue: s.revenue + amount })),
}));

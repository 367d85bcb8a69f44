import { create } from 'zustand';

/** One handler run for an order's OrderPlaced, in the order the bus ran them. */
export interface HandlerRun {
  readonly label: string;
  readonly priority: number;
  readonly outcome: 'ok' | 'error';
}

/** Handler runs per order id. */
export interface TraceState {
  readonly runs: Readonly<Record<string, readonly HandlerRun[]>>;
  add(orderId: string, run: HandlerRun): void;
}

/**
 * Which handlers ran for each order, and in what order: makes priorities visible.
 *
 * @example
 * const runs = useTraceStore((s) => s.runs['o-1'] ?? [])
 */
export const useTraceStore = create<TraceState>()((set) => ({
  runs: {},
  add: (orderId, run) => set((s) => ({ runs: { ...s.runs, [orderId]: [...(s.runs[orderId] ?? []), run] } })),
}));

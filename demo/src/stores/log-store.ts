import { create } from 'zustand';

const KEEP = 8;

/** The last lines the logging middleware wrote. */
export interface LogState {
  readonly lines: readonly { readonly id: number; readonly text: string }[];
  write(text: string): void;
}

let nextId = 0;

/**
 * The tail of the logging middleware's output, shown under the metrics.
 *
 * @example
 * useLogStore.getState().write('OrderPlaced o-1')
 */
export const useLogStore = create<LogState>()((set) => ({
  lines: [],
  write: (text) => set((s) => ({ lines: [...s.lines, { id: ++nextId, text }].slice(-KEEP) })),
}));

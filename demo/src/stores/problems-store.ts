import { create } from 'zustand';

/** Where a problem came from. */
export type ProblemSource = 'handler' | 'storm' | 'saga';

/** One failure the bus isolated: shown in the Problems panel instead of crashing the shop. */
export interface Problem {
  readonly id: number;
  readonly source: ProblemSource;
  /** The event type (or saga) it happened in. */
  readonly where: string;
  /** Who failed: a handler label or a saga; for a storm, "refused by the bus". */
  readonly who: string;
  readonly name: string;
  readonly message: string;
}

/** Isolated failures, newest last. */
export interface ProblemsState {
  readonly problems: readonly Problem[];
  report(problem: Omit<Problem, 'id'>): void;
}

const KEEP = 20;
let nextId = 0;

/**
 * Failures reported by the bus's `onError`, handlers' own `onError` and the saga.
 *
 * @example
 * const problems = useProblemsStore((s) => s.problems)
 */
export const useProblemsStore = create<ProblemsState>()((set) => ({
  problems: [],
  report: (problem) => set((s) => ({ problems: [...s.problems, { ...problem, id: ++nextId }].slice(-KEEP) })),
}));

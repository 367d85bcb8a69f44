import { create } from 'zustand';

/** One line of the audit log. */
export interface AuditEntry {
  /** The event's dispatch id. */
  readonly id: string;
  readonly type: string;
  readonly summary: string;
  readonly at: number;
  readonly correlationId: string;
  readonly depth: number;
}

/** Every domain event, newest first (capped). */
export interface AuditState {
  readonly entries: readonly AuditEntry[];
  record(entry: AuditEntry): void;
}

const KEEP = 200;

/**
 * The audit log's entries; written by the AuditLog panel's DomainEvent subscription.
 *
 * @example
 * const entries = useAuditStore((s) => s.entries)
 */
export const useAuditStore = create<AuditState>()((set) => ({
  entries: [],
  record: (entry) => set((s) => ({ entries: [entry, ...s.entries].slice(0, KEEP) })),
}));

import type { TokenBucket } from './token-bucket';

/** Codes after which a connection's later publishes wait for the refused one. */
export type GateCode = 'rate_limited' | 'unavailable';

/** What to tell a publish the gate holds back. */
export interface GateRefusal {
  readonly code: GateCode;
  readonly message: string;
  readonly retryAfterMs: number;
}

/** How long a client waits before resending after the storage failed. */
export const UNAVAILABLE_RETRY_MS = 1000;

/**
 * Keeps one connection's events in order when some are refused for now (rate limit, storage
 * down): after a refusal, every later publish is refused too until the refused event comes again,
 * so a client that resends in order never has a later event stored first. Each held-back event is
 * told when its turn comes (the n-th needs n more tokens), so a client that waits that long is
 * accepted at the first resend.
 *
 * @example
 * const gate = createPublishGate(bucket)
 * const held = gate.check(event.id); if (held) return refuse(held.code, held.message, event.id, held.retryAfterMs)
 */
export const createPublishGate = (bucket: TokenBucket | undefined) => {
  let gate: { ref: string; code: GateCode; heldBack: number } | undefined;
  return {
    /** The refusal for this publish while an earlier one is outstanding; clears the gate when it is that one. */
    check(id: string): GateRefusal | undefined {
      if (!gate) return undefined;
      if (id === gate.ref) {
        gate = undefined;
        return undefined;
      }
      gate.heldBack++;
      return {
        code: gate.code,
        message: `event "${gate.ref}" was refused (${gate.code}) before this one; resend it first, then the events after it in order`,
        retryAfterMs: gate.code === 'rate_limited' && bucket ? bucket.waitFor(gate.heldBack + 1) : UNAVAILABLE_RETRY_MS,
      };
    },
    /** An event was refused for now: later ones wait for it (the first refusal holds the gate). */
    close(id: string, code: GateCode): void {
      gate ??= { ref: id, code, heldBack: 0 };
    },
  };
};

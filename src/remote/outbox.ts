/** One event waiting for the relay's ack. */
interface Pending {
  readonly frame: string;
  /** Checks the entry again (a new relay may name smaller limits): the error that now refuses it, if any. */
  readonly recheck: () => Error | undefined;
  /** unsent: to write on the current socket; sent: written, awaiting the answer; refused: resend at `dueAt`. */
  state: 'unsent' | 'sent' | 'refused';
  dueAt: number;
}

/**
 * Events not yet acknowledged by the relay, in publication order (connectRemote bounds their
 * number, `outboxLimit`, before it adds one). Entries stay until
 * acked (so a lost connection resends them) or refused for good. An event refused for now waits
 * for its retry time, and every later event waits behind it, so the relay receives them in order.
 *
 * @example
 * const outbox = createOutbox(); outbox.add(id, frame, () => undefined); outbox.takeDue(Date.now()).frames // frames to write
 */
export const createOutbox = () => {
  const pending = new Map<string, Pending>();
  return {
    get size() {
      return pending.size;
    },
    add(id: string, frame: string, recheck: () => Error | undefined): void {
      pending.set(id, { frame, recheck, state: 'unsent', dueAt: 0 });
    },
    /** Removes every entry whose recheck now fails; their errors, oldest first. */
    dropFailing(): Error[] {
      const errors: Error[] = [];
      for (const [id, entry] of pending) {
        const error = entry.recheck();
        if (error) {
          pending.delete(id);
          errors.push(error);
        }
      }
      return errors;
    },
    /**
     * Frames to write now, oldest first (marked sent): stops at the first refused entry whose
     * retry time has not come, and says when that is.
     */
    takeDue(now: number): { frames: string[]; blockedUntil?: number } {
      const frames: string[] = [];
      for (const p of pending.values()) {
        if (p.state === 'sent') continue;
        if (p.state === 'refused' && p.dueAt > now) return { frames, blockedUntil: p.dueAt };
        p.state = 'sent';
        frames.push(p.frame);
      }
      return { frames };
    },
    /** Removes an entry; true when it existed. */
    settle(id: string): boolean {
      return pending.delete(id);
    },
    /** The relay refused an entry for now: resend it (and what follows it) from `dueAt`. False when unknown. */
    refuse(id: string, dueAt: number): boolean {
      const p = pending.get(id);
      if (!p) return false;
      p.state = 'refused';
      p.dueAt = dueAt;
      return true;
    },
    /** Drops every entry (the connection closed). */
    clear(): void {
      pending.clear();
    },
    /** After a lost connection: everything is written again on the next one, in order. */
    resendAll(): void {
      for (const p of pending.values()) p.state = 'unsent';
    },
  };
};

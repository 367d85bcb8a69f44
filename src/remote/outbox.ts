/** One event waiting for the relay's ack. */
interface Pending {
  readonly frame: string;
  /** Sent on the current socket and not yet acked. */
  sent: boolean;
}

/**
 * Events not yet acknowledged by the relay, in publication order, bounded. Entries stay until
 * acked (so a lost connection resends them) or refused for good.
 *
 * @example
 * const outbox = createOutbox(1000); outbox.add(id, frame); outbox.unsent() // frames to write
 */
export const createOutbox = (limit: number) => {
  const pending = new Map<string, Pending>();
  return {
    get size() {
      return pending.size;
    },
    get full() {
      return pending.size >= limit;
    },
    add(id: string, frame: string): void {
      pending.set(id, { frame, sent: false });
    },
    /** Frames not yet written on the current socket, oldest first; marks them written. */
    takeUnsent(): string[] {
      const frames: string[] = [];
      for (const p of pending.values()) {
        if (p.sent) continue;
        p.sent = true;
        frames.push(p.frame);
      }
      return frames;
    },
    /** Removes an entry; true when it existed. */
    settle(id: string): boolean {
      return pending.delete(id);
    },
    /** Marks one entry (or all, after a lost connection) to be written again. */
    retry(id?: string): void {
      if (id === undefined) for (const p of pending.values()) p.sent = false;
      else {
        const p = pending.get(id);
        if (p) p.sent = false;
      }
    },
  };
};

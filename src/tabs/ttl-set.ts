/**
 * Options of {@link createTtlSet} (and of the `dedupe` option of connectTabs and connectRemote).
 *
 * @example
 * connectTabs(bus, { channel: 'shop', types, registry, dedupe: { max: 1000, ttlMs: 60_000 } })
 */
export interface TtlSetOptions {
  /** Most keys kept; the oldest are forgotten first. Default 10,000. */
  max?: number | undefined;
  /** How long a key is remembered, in ms. Default 10 minutes. */
  ttlMs?: number | undefined;
}

/**
 * A bounded set of recently seen keys: `add` says whether a key is new.
 *
 * @example
 * const seen: TtlSet = createTtlSet(); seen.add('a') // true; seen.add('a') // false
 */
export interface TtlSet {
  /** Records `key`; false when it was already there (a duplicate). */
  add(key: string): boolean;
  readonly size: number;
}

/**
 * Remembers recent keys (event ids) for deduplication, bounded in count and time: past `max`, each
 * new key pushes out the oldest, so a flood of distinct keys never grows it past `max` (it only
 * makes it forget sooner).
 *
 * @example
 * const seen = createTtlSet({ max: 1000 }); if (!seen.add(`${source}|${id}`)) return // duplicate
 */
export const createTtlSet = (options: TtlSetOptions = {}): TtlSet => {
  const max = options.max ?? 10_000;
  const ttlMs = options.ttlMs ?? 600_000;
  const expiries = new Map<string, number>();
  const prune = (now: number) => {
    for (const [key, expiry] of expiries) {
      if (expiries.size <= max && expiry > now) break;
      expiries.delete(key);
    }
  };
  return {
    add(key) {
      const now = Date.now();
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > now) return false;
      expiries.delete(key);
      expiries.set(key, now + ttlMs);
      prune(now);
      return true;
    },
    get size() {
      return expiries.size;
    },
  };
};

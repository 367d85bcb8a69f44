/** A token bucket: `perSecond` tokens refill continuously, up to `burst`. */
export interface TokenBucket {
  /** Takes one token: 0 when allowed, else the milliseconds until one is available. */
  take(): number;
  /** Milliseconds until `count` more tokens than now are available (takes none). */
  waitFor(count: number): number;
}

/**
 * Creates a token bucket, full at start.
 *
 * @example
 * const bucket = createTokenBucket(100, 200); if (bucket.take() > 0) refuse()
 */
export const createTokenBucket = (perSecond: number, burst: number, now: () => number = () => performance.now()): TokenBucket => {
  let tokens = burst;
  let last = now();
  const refill = () => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - last) * perSecond) / 1000);
    last = t;
  };
  return {
    waitFor(count) {
      refill();
      return Math.max(0, Math.ceil(((count - tokens) * 1000) / perSecond));
    },
    take() {
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - tokens) * 1000) / perSecond);
    },
  };
};

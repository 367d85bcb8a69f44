/**
 * Reconnection delays: exponential, capped, with jitter (see {@link backoffDelay}).
 *
 * @example
 * connectRemote(bus, { ...options, backoff: { initialMs: 500, maxMs: 30_000, factor: 3 } })
 */
export interface BackoffOptions {
  /** Ceiling of the first delay, ms. Default 250. */
  initialMs?: number | undefined;
  /** Largest delay, ms. Default 10,000. */
  maxMs?: number | undefined;
  /** Growth per attempt. Default 2. */
  factor?: number | undefined;
}

/**
 * The delay before reconnection attempt `attempt` (1-based): a random value in
 * [ceiling / 2, ceiling], where ceiling = min(maxMs, initialMs * factor^(attempt-1)). The jitter
 * spreads a crowd of clients that lost the same relay; the floor keeps a retry from being instant.
 *
 * @example
 * backoffDelay(3, { initialMs: 100, maxMs: 1000 }) // between 200 and 400
 */
export const backoffDelay = (attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number => {
  const { initialMs = 250, maxMs = 10_000, factor = 2 } = options;
  const ceiling = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};

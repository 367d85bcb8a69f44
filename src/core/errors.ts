/** Logs with the `[hubbub]` prefix every message of the library carries. */
export const log = (...parts: unknown[]): void => console.error('[hubbub]', ...parts);

/**
 * Refusal of an event dispatched deeper than the bus's `maxDepth` from inside handlers
 * (A publishes B publishes A...). `error.name === 'EventStormError'`.
 *
 * @example
 * const report = await ctx.publish('a')
 * if (report.errors.some((e) => e instanceof EventStormError)) stopRetrying()
 */
export class EventStormError extends Error {
  override name = 'EventStormError';
  constructor(
    /** The refused event's type. */
    readonly type: string,
    /** The refused event's depth (handlers up its causal chain). */
    readonly depth: number,
    /** The event ids that led here, root first. */
    readonly chain: readonly string[],
    /** The event types that led here, root first (shown in the message). */
    readonly path: readonly string[] = chain,
  ) {
    super(
      `[hubbub] "${type}" refused: dispatched ${depth} handlers deep, past maxDepth ${depth - 1} (${path.slice(-5).join(' > ')}). ` +
        'Break the cycle, or raise createBus({ maxDepth }) if the chain is intended.',
    );
  }
}

/**
 * The bus's default `onError`: logs the error with the event type and a `[hubbub]` prefix.
 *
 * @example
 * createBus({ onError: (error, event, ctx) => { report(error); logError(error, event, ctx) } })
 */
export const logError = (error: unknown, _event?: unknown, ctx?: { type: string }): void => log(`"${ctx?.type}" handler failed:`, error);

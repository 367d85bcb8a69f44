/**
 * Refusal of an event published deeper than the bus's `maxDepth` from inside handlers
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
    /** The refused event's depth. */
    readonly depth: number,
    /** The event id chain that led here, root first. */
    readonly chain: readonly string[],
  ) {
    super(
      `"${type}" was published ${depth} handlers deep (maxDepth ${depth - 1}) and was refused: ` +
        `handlers are publishing each other in a loop (${chain.slice(-4).join(' -> ')}). ` +
        'Break the cycle, or raise maxDepth in createBus() if the chain is intended.',
    );
  }
}

/** The bus's default `onError`: logs with a `[hubbub]` prefix. */
export const logError = (error: unknown, _event?: unknown, ctx?: { type: string }): void => {
  console.error(`[hubbub] error while dispatching "${ctx?.type}":`, error);
};

import { DEV } from './dev';

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
  /** The refused event's type. */
  declare readonly type: string;
  /** The refused event's depth (handlers up its causal chain). */
  declare readonly depth: number;
  /** The event types that led here, root first, the refused one last. */
  declare readonly chain: readonly string[];

  constructor(type: string, depth: number, chain: readonly string[]) {
    super(
      DEV
        ? `[hubbub] "${type}" refused at depth ${depth} > maxDepth (${chain.slice(-5).join(' > ')}): break the cycle or raise createBus({ maxDepth }).`
        : `[hubbub] storm: ${type}`,
    );
    this.name = 'EventStormError';
    this.type = type;
    this.depth = depth;
    this.chain = chain;
  }
}

/**
 * The bus's default `onError`: logs the error with the event type and a `[hubbub]` prefix. It also
 * receives middleware throws and refused storms, so it says "failed", not "handler failed".
 *
 * @example
 * createBus({ onError: (error, event, ctx) => { report(error); logError(error, event, ctx) } })
 */
export const logError = (error: unknown, _event?: unknown, ctx?: { type: string }): void => log(`"${ctx?.type}" failed:`, error);

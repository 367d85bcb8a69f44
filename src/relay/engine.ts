import type { ChannelPosition } from '../remote/wire';

/**
 * One stored event: its offset in the channel and its CloudEvent JSON text.
 *
 * @example
 * for (const { offset, payload } of await engine.range('shop', after, 100)) send(offset, JSON.parse(payload))
 */
export interface EngineEntry {
  readonly offset: string;
  readonly payload: string;
}

/**
 * Receives a followed channel's live entries, in order.
 *
 * @example
 * await engine.follow('shop', { entries: (batch, epoch) => fanOut(batch, epoch), reset: (epoch, offset) => resync(epoch, offset) })
 */
export interface ChannelListener {
  /** New entries (a batch, oldest first) of the given epoch. */
  entries(batch: readonly EngineEntry[], epoch: string): void;
  /** The channel's storage was lost (e.g. Redis restarted empty): a new epoch starts after `offset`. */
  reset(epoch: string, offset: string): void;
}

/**
 * A live follow of one channel; entries after `head` reach the listener.
 *
 * @example
 * const feed = await engine.follow('shop', listener); console.log(feed.epoch, feed.head); feed.close()
 */
export interface ChannelFeed {
  readonly epoch: string;
  readonly head: string;
  close(): void;
}

/**
 * Which history a subscribe asks for: the newest `count` events, or those since a time.
 *
 * @example
 * const after = await engine.rewind('shop', { count: 50 }) // or { sinceMs: Date.now() - 60_000 }
 */
export type RewindRequest = { readonly count: number } | { readonly sinceMs: number };

/**
 * Where a relay stores and fans in events: the in-memory engine (one process) or Redis Streams
 * (any number of relay nodes). A relay follows each channel once and fans out to its sockets.
 *
 * @example
 * const relay = await createRelay({ port: 8787, channels: ['shop'], engine: await createRedisEngine({ url }) })
 */
export interface Engine {
  /** 'memory' or 'redis'. */
  readonly kind: string;
  /** Stores an event; resolves to its position. */
  append(channel: string, payload: string): Promise<ChannelPosition>;
  /** Starts delivering the channel's entries after its current head to `listener`. */
  follow(channel: string, listener: ChannelListener): Promise<ChannelFeed>;
  /** Whether every entry after `from` is still stored (same epoch, not trimmed away). */
  resumable(channel: string, from: ChannelPosition): Promise<boolean>;
  /** Up to `count` entries after offset `after`, oldest first. */
  range(channel: string, after: string, count: number): Promise<EngineEntry[]>;
  /**
   * The offset that retained history begins after: the newest `count` entries, or those stored at or
   * after `sinceMs`. With nothing to rewind, the channel's head.
   */
  rewind(channel: string, request: RewindRequest): Promise<string>;
  /**
   * Binds `source` to `proof` (a hash of the client's secret) for `leaseMs`, or refreshes that
   * binding; false when another proof holds it. Engines shared by several relays implement it so a
   * source is held across nodes; without it each relay keeps its own table.
   */
  claimSource?(source: string, proof: string, leaseMs: number): Promise<boolean>;
  /** Stops following and releases connections. */
  close(): Promise<void>;
}

import { randomUUID } from 'node:crypto';
import type { ChannelPosition } from '../remote/wire';
import type { ChannelFeed, ChannelListener, Engine, EngineEntry } from './engine';

/**
 * Options of {@link createMemoryEngine}.
 *
 * @example
 * createMemoryEngine({ retain: 50_000, batchMs: 0, channelTtlMs: 10 * 60_000 })
 */
export interface MemoryEngineOptions {
  /** Events kept per channel for resuming clients (a ring). Default 10,000. */
  retain?: number | undefined;
  /** Events appended within this many ms reach subscribers as one frame. Default 2; 0: next turn of the event loop. */
  batchMs?: number | undefined;
  /**
   * A channel nobody follows and nobody published to for this long is forgotten with its events
   * and epoch (a later resume is told `recovered: false`). Default 1 hour.
   */
  channelTtlMs?: number | undefined;
}

interface StoredEntry extends EngineEntry {
  /** When it was appended (ms since 1970), for `since` rewinds. */
  readonly at: number;
}

interface Channel {
  readonly epoch: string;
  seq: number;
  readonly log: StoredEntry[];
  /** Sequence number of log[0]. */
  first: number;
  readonly listeners: Set<ChannelListener>;
  batch: EngineEntry[];
  /** Last append or unfollow (ms since 1970): idle channels are forgotten after channelTtlMs. */
  touched: number;
}

const seqOf = (offset: string): number => Number(offset.split('-')[1] ?? Number.NaN);
const HOUR_MS = 3_600_000;

/**
 * The default engine: channels live in this process's memory (a bounded ring per channel), so a
 * single relay needs no setup. Epochs change when the process restarts; idle channels are freed.
 *
 * @example
 * const relay = await createRelay({ port: 8787, channels: ['chat'], engine: createMemoryEngine({ retain: 1000 }) })
 */
export const createMemoryEngine = (options: MemoryEngineOptions = {}): Engine => {
  const retain = options.retain ?? 10_000;
  const batchMs = options.batchMs ?? 2;
  const channelTtlMs = options.channelTtlMs ?? HOUR_MS;
  if (!Number.isInteger(retain) || retain < 1)
    throw new TypeError(`[hubbub/relay] memory engine: retain must be a whole number >= 1, got ${retain}.`);
  if (!(channelTtlMs > 0))
    throw new TypeError(`[hubbub/relay] memory engine: channelTtlMs must be a positive number, got ${channelTtlMs}.`);
  const channels = new Map<string, Channel>();
  const channel = (name: string): Channel => {
    let c = channels.get(name);
    if (!c) {
      c = { epoch: randomUUID(), seq: 0, log: [], first: 1, listeners: new Set(), batch: [], touched: Date.now() };
      channels.set(name, c);
    }
    return c;
  };
  const sweep = () => {
    const oldest = Date.now() - channelTtlMs;
    for (const [name, c] of channels) if (c.listeners.size === 0 && c.touched < oldest) channels.delete(name);
  };
  const sweeper = setInterval(sweep, Math.min(channelTtlMs, 60_000)).unref();
  // Entries appended within batchMs reach listeners as one batch: one frame per subscriber.
  const flush = (c: Channel) => {
    const batch = c.batch;
    c.batch = [];
    for (const listener of c.listeners) listener.entries(batch, c.epoch);
  };

  return {
    kind: 'memory',
    async append(name, payload) {
      const c = channel(name);
      const at = Date.now();
      c.touched = at;
      const entry = { offset: `0-${++c.seq}`, payload, at };
      c.log.push(entry);
      if (c.log.length > retain) {
        c.log.splice(0, c.log.length - retain);
        c.first = c.seq - retain + 1;
      }
      if (c.listeners.size) {
        if (c.batch.length === 0) {
          if (batchMs > 0) setTimeout(flush, batchMs, c);
          else setImmediate(flush, c);
        }
        c.batch.push({ offset: entry.offset, payload });
      }
      return { epoch: c.epoch, offset: entry.offset };
    },
    async follow(name, listener): Promise<ChannelFeed> {
      const c = channel(name);
      c.listeners.add(listener);
      return {
        epoch: c.epoch,
        head: `0-${c.seq}`,
        close: () => {
          c.listeners.delete(listener);
          c.touched = Date.now();
        },
      };
    },
    async resumable(name, from: ChannelPosition) {
      const c = channels.get(name);
      const seq = seqOf(from.offset);
      return c !== undefined && from.epoch === c.epoch && Number.isInteger(seq) && seq >= c.first - 1 && seq <= c.seq;
    },
    async range(name, after, count) {
      const c = channels.get(name);
      if (!c) return [];
      const start = Math.max(0, seqOf(after) + 1 - c.first);
      return c.log.slice(start, start + count);
    },
    async rewind(name, request) {
      const c = channels.get(name);
      if (!c) return '0-0';
      let skip: number;
      if ('count' in request) skip = Math.max(0, c.log.length - request.count);
      else {
        // The log is in append order, so its times only grow: binary search the first one at or after sinceMs.
        let low = 0;
        let high = c.log.length;
        while (low < high) {
          const middle = (low + high) >> 1;
          if ((c.log[middle] as StoredEntry).at < request.sinceMs) low = middle + 1;
          else high = middle;
        }
        skip = low;
      }
      return `0-${c.first - 1 + skip}`;
    },
    async close() {
      clearInterval(sweeper);
      for (const c of channels.values()) c.listeners.clear();
    },
  };
};

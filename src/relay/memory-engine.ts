import { randomUUID } from 'node:crypto';
import type { ChannelPosition } from '../remote/wire';
import type { ChannelFeed, ChannelListener, Engine, EngineEntry } from './engine';

/** Options of {@link createMemoryEngine}. */
export interface MemoryEngineOptions {
  /** Events kept per channel for resuming clients (a ring). Default 10,000. */
  retain?: number;
  /** Events appended within this many ms reach subscribers as one frame. Default 2; 0: next turn of the event loop. */
  batchMs?: number;
}

interface Channel {
  readonly epoch: string;
  seq: number;
  readonly log: EngineEntry[];
  /** Sequence number of log[0]. */
  first: number;
  readonly listeners: Set<ChannelListener>;
  batch: EngineEntry[];
}

const seqOf = (offset: string): number => Number(offset.split('-')[1] ?? Number.NaN);

/**
 * The default engine: channels live in this process's memory (a bounded ring per channel), so a
 * single relay needs no setup. Epochs change when the process restarts.
 *
 * @example
 * const relay = await createRelay({ port: 8787, channels: ['chat'], engine: createMemoryEngine({ retain: 1000 }) })
 */
export const createMemoryEngine = (options: MemoryEngineOptions = {}): Engine => {
  const retain = options.retain ?? 10_000;
  const batchMs = options.batchMs ?? 2;
  if (!Number.isInteger(retain) || retain < 1)
    throw new TypeError(`[hubbub/relay] memory engine: retain must be a whole number >= 1, got ${retain}.`);
  const channels = new Map<string, Channel>();
  const channel = (name: string): Channel => {
    let c = channels.get(name);
    if (!c) {
      c = { epoch: randomUUID(), seq: 0, log: [], first: 1, listeners: new Set(), batch: [] };
      channels.set(name, c);
    }
    return c;
  };
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
      const entry = { offset: `0-${++c.seq}`, payload };
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
        c.batch.push(entry);
      }
      return { epoch: c.epoch, offset: entry.offset };
    },
    async follow(name, listener): Promise<ChannelFeed> {
      const c = channel(name);
      c.listeners.add(listener);
      return { epoch: c.epoch, head: `0-${c.seq}`, close: () => c.listeners.delete(listener) };
    },
    async resumable(name, from: ChannelPosition) {
      const c = channel(name);
      const seq = seqOf(from.offset);
      return from.epoch === c.epoch && Number.isInteger(seq) && seq >= c.first - 1 && seq <= c.seq;
    },
    async range(name, after, count) {
      const c = channel(name);
      const start = Math.max(0, seqOf(after) + 1 - c.first);
      return c.log.slice(start, start + count);
    },
    async close() {
      for (const c of channels.values()) c.listeners.clear();
    },
  };
};

import { type ChannelPosition, compareOffsets } from '../remote/wire';
import { eventsFrames, type Subscriber } from './channel-hub';
import type { Engine } from './engine';

/** Whether a subscriber's `from` can be resumed; rejects when the engine cannot tell right now. */
export const resumeVerdict = async (
  engine: Engine,
  channel: string,
  epoch: string,
  from: ChannelPosition,
): Promise<{ recovered: boolean; reason?: string }> => {
  if (await engine.resumable(channel, from)) return { recovered: true };
  return {
    recovered: false,
    reason:
      from.epoch === epoch
        ? 'events after your offset are no longer retained; reload state'
        : 'the channel was reset since your last offset (new epoch); reload state',
  };
};

/** How a replay is paced. */
export interface ReplayPacing {
  /** Most events per engine read. */
  readonly pageSize: number;
  /** Most UTF-8 bytes per frame (at least one event): a read is sized from the events seen so far. */
  readonly frameBytes: number;
  /** Where live delivery of the channel stands; the replay hands over once it has caught up. */
  readonly live: () => { epoch: string; last: string } | undefined;
  /** Writes a frame and resolves once the socket took it (true), or false when the socket is gone. */
  readonly sendPaced: (frame: string, count: number) => Promise<boolean>;
  /** Tells the client that events after `offset` were trimmed before it read them. */
  readonly lost: (offset: string) => void;
}

/** Events read first, before their size is known: small, so a page of large events stays small. */
const FIRST_READ = 16;
/** Reads that may come back empty while live delivery is ahead, before handing over anyway. */
const MAX_REREADS = 8;

/**
 * Sends a subscriber every stored entry after its `lastSent`, frame by frame, each with its
 * offset, waiting for the socket to take each frame before reading the next: a client that stops
 * reading pauses its replay (one frame buffered), never the relay's memory. Once storage has
 * nothing newer than live delivery, the subscriber goes live (`replaying` false) in the same turn.
 * Resolves false if the socket was dropped; rejects when the engine fails (the caller closes the
 * socket, and the client resumes again from the last offset it received).
 *
 * @example
 * await replay(engine, sub, { pageSize: 500, frameBytes: 256 * 1024, live: () => hubs.position(sub.channel), sendPaced })
 */
export const replay = async (engine: Engine, sub: Subscriber, pacing: ReplayPacing): Promise<boolean> => {
  const epoch = sub.epoch;
  let count = Math.min(pacing.pageSize, FIRST_READ);
  let rereads = 0;
  for (;;) {
    const page = await engine.range(sub.channel, sub.lastSent, count);
    // A reset (new epoch) during the read already moved the subscriber to live delivery.
    if (sub.epoch !== epoch) break;
    const last = page[page.length - 1];
    if (!last) {
      const live = pacing.live();
      // Live delivery moved past this replay while it read: read again, else hand over now.
      // (Bounded: storage that lost those entries must not spin the replay.)
      if (live && live.epoch === epoch && compareOffsets(live.last, sub.lastSent) > 0 && ++rereads < MAX_REREADS) continue;
      break;
    }
    // Trimming only moves forward: still resumable after the read means the page follows lastSent.
    if (!(await engine.resumable(sub.channel, { epoch, offset: sub.lastSent }))) {
      if (sub.epoch !== epoch) break;
      pacing.lost(sub.lastSent);
    }
    let bytes = 0;
    for (const entry of page) bytes += entry.payload.length;
    count = Math.max(1, Math.min(pacing.pageSize, Math.floor((pacing.frameBytes * page.length) / Math.max(1, bytes))));
    sub.lastSent = last.offset;
    for (const { frame, count: events } of eventsFrames(sub.channel, epoch, page, pacing.frameBytes)) {
      if (!(await pacing.sendPaced(frame, events))) return false;
      if (sub.epoch !== epoch) break;
    }
    if (sub.epoch !== epoch) break;
  }
  sub.replaying = false;
  return true;
};

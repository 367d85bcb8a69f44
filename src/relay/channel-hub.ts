import { compareOffsets } from '../remote/wire';
import type { ChannelFeed, Engine, EngineEntry } from './engine';

/** One socket's subscription to one channel, as the hub sees it. */
export interface Subscriber {
  readonly channel: string;
  /**
   * While true the subscriber is catching up from storage and live batches skip it (the replay
   * reads them from storage too, so nothing is held in memory for a slow reader).
   */
  replaying: boolean;
  /**
   * Between joining and the `subscribed` answer (a few engine calls), live batches wait here;
   * undefined afterwards.
   */
  pending: { readonly epoch: string; readonly entries: readonly EngineEntry[] }[] | undefined;
  /** Offset of the last entry sent; later batches only send what is newer. */
  lastSent: string;
  epoch: string;
  /** Writes a frame carrying `count` events; false when the socket was dropped instead. */
  send(frame: string | Buffer, count: number): boolean;
}

/** Builds an `events` frame around already-serialized CloudEvents, without re-parsing them. */
export const eventsFrame = (channel: string, epoch: string, entries: readonly EngineEntry[]): string => {
  let items = '';
  for (const e of entries) items += `${items ? ',' : ''}{"offset":"${e.offset}","event":${e.payload}}`;
  return `{"op":"events","channel":${JSON.stringify(channel)},"epoch":${JSON.stringify(epoch)},"events":[${items}]}`;
};

/** An `events` frame and the number of events it carries. */
export interface EventsFrame<F extends string | Buffer = string> {
  readonly frame: F;
  readonly count: number;
}

/** What an `events` frame spends on one entry besides its payload and offset: `{"offset":"","event":},`. */
const ENTRY_OVERHEAD = 23;

/**
 * Builds the `events` frames of a batch, each about `frameBytes` of UTF-8 at most (besides its
 * channel and epoch), so a big batch never lands in a socket's buffer at once. A frame holds at
 * least one event, so an event larger than `frameBytes` gets a frame of its own.
 *
 * @example
 * for (const { frame, count } of eventsFrames('shop', epoch, batch, 256 * 1024)) sub.send(frame, count)
 */
export const eventsFrames = (channel: string, epoch: string, entries: readonly EngineEntry[], frameBytes: number): EventsFrame[] => {
  let units = 0;
  for (const e of entries) units += e.payload.length + e.offset.length + ENTRY_OVERHEAD;
  // A UTF-16 unit is at most 3 UTF-8 bytes: most batches fit one frame without measuring them.
  if (units * 3 <= frameBytes) return [{ frame: eventsFrame(channel, epoch, entries), count: entries.length }];
  const frames: EventsFrame[] = [];
  let run: EngineEntry[] = [];
  let bytes = 0;
  for (const e of entries) {
    const size = Buffer.byteLength(e.payload) + e.offset.length + ENTRY_OVERHEAD;
    if (run.length > 0 && bytes + size > frameBytes) {
      frames.push({ frame: eventsFrame(channel, epoch, run), count: run.length });
      run = [];
      bytes = 0;
    }
    run.push(e);
    bytes += size;
  }
  frames.push({ frame: eventsFrame(channel, epoch, run), count: run.length });
  return frames;
};

/** Sends frames in order; stops when the socket was dropped instead. */
const sendAll = (sub: Subscriber, frames: readonly EventsFrame<string | Buffer>[]): void => {
  for (const { frame, count } of frames) if (!sub.send(frame, count)) return;
};

/**
 * Sends the entries of a batch the subscriber has not seen yet, in frames of about `frameBytes`;
 * `shared` is the whole batch's frames.
 */
export const deliver = (
  sub: Subscriber,
  epoch: string,
  entries: readonly EngineEntry[],
  frameBytes: number,
  shared?: readonly EventsFrame<Buffer>[],
): void => {
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (!first || !last || epoch !== sub.epoch || compareOffsets(last.offset, sub.lastSent) <= 0) return;
  let frames: readonly EventsFrame<string | Buffer>[] | undefined = shared;
  let fresh = entries;
  if (compareOffsets(first.offset, sub.lastSent) <= 0) {
    fresh = entries.filter((e) => compareOffsets(e.offset, sub.lastSent) > 0);
    frames = undefined;
  }
  sub.lastSent = last.offset;
  sendAll(sub, frames ?? eventsFrames(sub.channel, epoch, fresh, frameBytes));
};

interface Hub {
  readonly subs: Set<Subscriber>;
  readonly ready: Promise<ChannelFeed>;
  epoch: string;
  last: string;
}

/**
 * Follows each channel once per relay and fans its batches out to the channel's subscribers,
 * serializing each batch once, in frames of about `frameBytes`.
 *
 * @example
 * const hubs = createChannelHubs(engine, 256 * 1024, (sub, epoch, offset) => sub.send(resyncFrame, 0))
 * const { epoch, head } = await hubs.join(sub)
 */
export const createChannelHubs = (
  engine: Engine,
  frameBytes: number,
  onReset: (sub: Subscriber, epoch: string, offset: string) => void,
) => {
  const hubs = new Map<string, Hub>();

  const open = (channel: string): Hub => {
    const subs = new Set<Subscriber>();
    const hub: Hub = {
      subs,
      epoch: '',
      last: '0-0',
      ready: engine.follow(channel, {
        entries(batch, epoch) {
          const tail = batch[batch.length - 1];
          if (!tail) return;
          const previous = hub.last;
          hub.epoch = epoch;
          hub.last = tail.offset;
          // One UTF-8 encoding per batch, shared by every subscriber.
          let shared: EventsFrame<Buffer>[] | undefined;
          for (const sub of subs) {
            if (sub.pending) {
              sub.pending.push({ epoch, entries: batch });
              continue;
            }
            if (sub.replaying) continue;
            shared ??= eventsFrames(channel, epoch, batch, frameBytes).map(({ frame, count }) => ({ frame: Buffer.from(frame), count }));
            if (sub.lastSent === previous && sub.epoch === epoch) {
              sub.lastSent = tail.offset;
              sendAll(sub, shared);
            } else deliver(sub, epoch, batch, frameBytes, shared);
          }
        },
        reset(epoch, offset) {
          hub.epoch = epoch;
          hub.last = offset;
          for (const sub of subs) {
            sub.epoch = epoch;
            sub.lastSent = offset;
            if (sub.pending) sub.pending = [];
            onReset(sub, epoch, offset);
          }
        },
      }),
    };
    hub.ready.then(
      (feed) => {
        if (hub.last === '0-0') hub.last = feed.head;
        if (!hub.epoch) hub.epoch = feed.epoch;
      },
      () => hubs.get(channel) === hub && hubs.delete(channel),
    );
    hubs.set(channel, hub);
    return hub;
  };

  return {
    /** Adds a subscriber; resolves to the channel's epoch and the offset live delivery continues after. */
    async join(sub: Subscriber): Promise<{ epoch: string; head: string }> {
      const hub = hubs.get(sub.channel) ?? open(sub.channel);
      hub.subs.add(sub);
      try {
        await hub.ready;
      } catch (error) {
        hub.subs.delete(sub);
        throw error;
      }
      return { epoch: hub.epoch, head: hub.last };
    },
    /** Where live delivery of a channel stands: its epoch and the last offset fanned out. */
    position(channel: string): { epoch: string; last: string } | undefined {
      const hub = hubs.get(channel);
      return hub && { epoch: hub.epoch, last: hub.last };
    },
    leave(sub: Subscriber): void {
      const hub = hubs.get(sub.channel);
      if (!hub?.subs.delete(sub) || hub.subs.size > 0) return;
      hubs.delete(sub.channel);
      hub.ready.then(
        (feed) => feed.close(),
        () => {},
      );
    },
    closeAll(): void {
      for (const hub of hubs.values())
        hub.ready.then(
          (feed) => feed.close(),
          () => {},
        );
      hubs.clear();
    },
  };
};

import type { ChannelPosition } from '../remote/wire';
import { eventsFrame, type Subscriber } from './channel-hub';
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

/**
 * Sends a subscriber every stored entry after its `lastSent`, page by page, each with its offset.
 * Resolves false if the socket was dropped meanwhile; rejects when the engine fails (the caller
 * closes the socket, and the client resumes again from the last offset it received).
 *
 * @example
 * if (await replay(engine, sub, 500)) sub.replaying = false
 */
export const replay = async (engine: Engine, sub: Subscriber, pageSize: number): Promise<boolean> => {
  for (;;) {
    const page = await engine.range(sub.channel, sub.lastSent, pageSize);
    const last = page[page.length - 1];
    if (!last) return true;
    sub.lastSent = last.offset;
    if (!sub.send(eventsFrame(sub.channel, sub.epoch, page), page.length)) return false;
  }
};

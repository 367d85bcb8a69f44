import { describe, expect, it } from 'vitest';
import { createMemoryEngine, createRelay } from '../../src/relay/index';
import type { ServerFrame } from '../../src/remote/wire';
import { cleanupsAfterEach } from '../support/cleanups';
import { cloudEvent, rawClient } from './support/raw-client';

type Subscribed = Extract<ServerFrame, { op: 'subscribed' }>;
type EventsFrame = Extract<ServerFrame, { op: 'events' }>;
const cleanups = cleanupsAfterEach();

const setup = async (retain: number, batchMs?: number) => {
  const engine = createMemoryEngine(batchMs === undefined ? { retain } : { retain, batchMs });
  const relay = await createRelay({ port: 0, channels: ['room'], engine, log: () => {} });
  const publisher = await rawClient(relay.url, { source: 'p' });
  cleanups.push(
    () => relay.close(),
    () => publisher.close(),
  );
  const publish = async (from: number, to: number) => {
    for (let i = from; i < to; i++) publisher.send({ op: 'publish', channel: 'room', event: cloudEvent('p', `e${i}`, 'chat/sent', { i }) });
    await publisher.next((f) => f.op === 'ack' && f.id === `e${to - 1}`);
  };
  const subscribe = async (from?: { epoch: string; offset: string }) => {
    const c = await rawClient(relay.url, { source: `s${Math.random()}` });
    cleanups.push(() => c.close());
    c.send(from ? { op: 'subscribe', channel: 'room', from } : { op: 'subscribe', channel: 'room' });
    const subscribed = await c.next((f): f is Subscribed => f.op === 'subscribed');
    return { c, subscribed };
  };
  return { publish, subscribe };
};
const replayed = (frames: ServerFrame[]) => frames.filter((f): f is EventsFrame => f.op === 'events').flatMap((f) => f.events);

describe('relay: offsets and resume', () => {
  it('replays exactly the missed events, each with its own increasing offset, then goes live', async () => {
    const { publish, subscribe } = await setup(100);
    await publish(0, 3);
    const first = await subscribe();
    await publish(3, 5);
    await first.c.next((f) => f.op === 'events' && f.events.some((e) => e.event.id === 'e4'));
    const seen = replayed(first.c.frames);
    const position = { epoch: first.subscribed.epoch, offset: seen[0]?.offset as string };
    first.c.close();
    await publish(5, 12);

    const again = await subscribe(position);
    expect(again.subscribed).toMatchObject({ recovered: true, epoch: position.epoch, offset: position.offset });
    await again.c.next((f) => f.op === 'events' && f.events.some((e) => e.event.id === 'e11'));
    const items = replayed(again.c.frames);
    expect(items.map((e) => e.event.id)).toEqual(['e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11']);
    const offsets = items.map((e) => Number(e.offset.split('-')[1]));
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(new Set(offsets).size).toBe(offsets.length);
    await publish(12, 13);
    await again.c.next((f) => f.op === 'events' && f.events.some((e) => e.event.id === 'e12'));
    expect(replayed(again.c.frames).map((e) => e.event.id)).toEqual(['e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11', 'e12']);
  });

  it('answers recovered: false with the reason when the missed events were trimmed or the epoch is unknown', async () => {
    const { publish, subscribe } = await setup(5);
    await publish(0, 2);
    const first = await subscribe();
    const epoch = first.subscribed.epoch;
    await publish(2, 12);
    // The relay has fanned out everything up to e11 once a live subscriber has it.
    await first.c.next((f) => f.op === 'events' && f.events.some((e) => e.event.id === 'e11'));
    const trimmed = await subscribe({ epoch, offset: first.subscribed.offset });
    expect(trimmed.subscribed).toMatchObject({ recovered: false, epoch, offset: '0-12' });
    expect(trimmed.subscribed.reason).toMatch(/no longer retained; reload state/);
    const stranger = await subscribe({ epoch: 'some-other-epoch', offset: '0-1' });
    expect(stranger.subscribed).toMatchObject({ recovered: false, epoch });
    expect(stranger.subscribed.reason).toMatch(/new epoch/);
    await publish(12, 13);
    const live = await trimmed.c.next((f): f is EventsFrame => f.op === 'events');
    expect(live.events.map((e) => e.event.id)).toEqual(['e12']);
  });

  it('recovered: false while accepted events are still being fanned out: they follow the offset it answers, none lost', async () => {
    const { publish, subscribe } = await setup(5, 300);
    await publish(0, 2);
    const first = await subscribe();
    await publish(2, 12);
    // e2..e11 are stored and acknowledged, but their 300 ms batch has not reached any subscriber yet.
    const trimmed = await subscribe({ epoch: first.subscribed.epoch, offset: '0-1' });
    expect(trimmed.subscribed).toMatchObject({ recovered: false, offset: '0-2' });
    await trimmed.c.next((f) => f.op === 'events' && f.events.some((e) => e.event.id === 'e11'));
    const ids = replayed(trimmed.c.frames).map((e) => e.event.id);
    expect(ids).toEqual(['e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11']);
    expect(replayed(trimmed.c.frames)[0]?.offset).toBe('0-3');
  });
});

import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/index';
import { createRelay, type RelayOptions } from '../../src/relay/index';
import { CLOSE_CODES } from '../../src/remote/index';
import type { ServerFrame } from '../../src/remote/wire';
import { cleanupsAfterEach } from '../support/cleanups';
import { cloudEvent, type RawClient, rawClient, until } from './support/raw-client';

const cleanups = cleanupsAfterEach();
const start = async (extra: Partial<RelayOptions> = {}) => {
  const relay = await createRelay({ port: 0, channels: ['room', 'secret'], log: () => {}, ...extra });
  cleanups.push(() => relay.close());
  return relay;
};
const connectRaw = async (url: string, options: Parameters<typeof rawClient>[1] = {}) => {
  const c = await rawClient(url, options);
  cleanups.push(() => c.close());
  return c;
};
type ErrorFrame = Extract<ServerFrame, { op: 'error' }>;
const errorFrame = (c: RawClient, code: string) => c.next((f): f is ErrorFrame => f.op === 'error' && f.code === code);
const chat = (source: string, id: string, data: unknown = { text: 'hi' }) => cloudEvent(source, id, 'chat/sent', data);

describe('relay: hostile and mistaken input', () => {
  it('answers malformed frames with error frames, counts them, and keeps serving', async () => {
    const relay = await start();
    const bad = await connectRaw(relay.url, { hello: false });
    bad.send({ op: 'subscribe', channel: 'room' });
    expect((await errorFrame(bad, 'malformed')).message).toMatch(/hello/);
    for (const junk of ['not json', '[1,2]', '{"op":"explode"}', '{"op":"subscribe","channel":"no spaces allowed"}', 'null'])
      bad.send(junk);
    bad.send({ op: 'hello', version: 99, source: 'bad' });
    bad.send({ op: 'hello', version: 1, source: 'bad' });
    bad.send({ op: 'publish', channel: 'room', event: { ...chat('bad', '1'), specversion: '0.3' } });
    bad.send({ op: 'publish', channel: 'room', event: { ...chat('bad', '1'), dataversion: 'two' } });
    bad.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await until(() => bad.frames.filter((f) => f.op === 'error').length === 10, '10 error frames');
    expect(relay.metrics().errors.malformed).toBe(10);
    const messages = bad.frames.filter((f) => f.op === 'error').map((f) => (f as { message: string }).message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/not JSON/),
        expect.stringMatching(/unknown op "explode"/),
        expect.stringMatching(/channel must match/),
        expect.stringMatching(/specversion must be "1.0"/),
        expect.stringMatching(/dataversion must be a whole number/),
        expect.stringMatching(/binary frames/),
        expect.stringMatching(/speaks wire version 1, the client sent 99/),
      ]),
    );
    const good = await connectRaw(relay.url, { source: 'good' });
    good.send({ op: 'subscribe', channel: 'room' });
    await good.next((f) => f.op === 'subscribed');
    bad.send({ op: 'publish', channel: 'room', event: chat('bad', 'ok') });
    const events = await good.next((f) => f.op === 'events');
    expect(events.op === 'events' && events.events[0]?.event.id).toBe('ok');
  });

  it('refuses oversized frames and events with an error frame, and closes with 1009 above the hard limit', async () => {
    const relay = await start({ maxFrameBytes: 4096, maxEventBytes: 1024, hardFrameBytes: 64 * 1024 });
    const c = await connectRaw(relay.url, { source: 's' });
    c.send({ op: 'publish', channel: 'room', event: chat('s', 'big-frame', { text: 'x'.repeat(5000) }) });
    expect((await errorFrame(c, 'frame_too_large')).message).toMatch(/limit is 4096/);
    c.send({ op: 'publish', channel: 'room', event: chat('s', 'big-event', { text: 'x'.repeat(2000) }) });
    const tooLarge = await errorFrame(c, 'event_too_large');
    expect(tooLarge.op === 'error' && tooLarge.ref).toBe('big-event');
    c.send('x'.repeat(100 * 1024));
    expect((await c.closed).code).toBe(CLOSE_CODES.tooLarge);
    await until(() => relay.metrics().oversizedClosed === 1, 'hard-limit close counted');
    expect(relay.metrics().errors.frame_too_large).toBe(1);
    expect(relay.metrics().published).toBe(0);
  });

  it('asks authorize() for every subscribe and publish, and refuses unknown channels', async () => {
    const calls: string[] = [];
    const relay = await start({
      authorize: async (token, channel, action) => {
        calls.push(`${token}:${channel}:${action}`);
        return token === 'admin' || channel !== 'secret';
      },
    });
    const user = await connectRaw(relay.url, { source: 'u', token: 'user' });
    user.send({ op: 'subscribe', channel: 'secret' });
    expect((await errorFrame(user, 'unauthorized')).message).toMatch(/not allowed to subscribe on "secret"/);
    user.send({ op: 'publish', channel: 'secret', event: chat('u', 'e1') });
    const refused = await user.next((f) => f.op === 'error' && f.ref === 'e1');
    expect(refused.op === 'error' && refused.code).toBe('unauthorized');
    user.send({ op: 'subscribe', channel: 'elsewhere' });
    expect((await errorFrame(user, 'unknown_channel')).message).toMatch(
      /"elsewhere" is not served by this relay; add it to the relay.s channels option \(--channels for npx hubbub-relay\)/,
    );
    const admin = await connectRaw(relay.url, { source: 'a', token: 'admin' });
    admin.send({ op: 'subscribe', channel: 'secret' });
    await admin.next((f) => f.op === 'subscribed');
    admin.send({ op: 'publish', channel: 'secret', event: chat('a', 'e2') });
    await admin.next((f) => f.op === 'ack');
    expect(calls).toEqual(['user:secret:subscribe', 'user:secret:publish', 'admin:secret:subscribe', 'admin:secret:publish']);
    expect(relay.metrics().errors).toMatchObject({ unauthorized: 2, unknown_channel: 1 });
  });

  it('refuses unknown types, invalid data and spoofed sources when it has a registry', async () => {
    const registry = createRegistry().define('chat/sent', {
      schema: {
        '~standard': {
          version: 1,
          vendor: 't',
          validate: (v) => (typeof (v as { text?: unknown }).text === 'string' ? { value: v } : { issues: [{ message: 'text required' }] }),
        },
      },
    });
    const relay = await start({ registry });
    const c = await connectRaw(relay.url, { source: 'me' });
    c.send({ op: 'publish', channel: 'room', event: cloudEvent('me', '1', 'admin/wipe', {}) });
    expect((await errorFrame(c, 'unknown_type')).message).toMatch(/"admin\/wipe" is not defined/);
    c.send({ op: 'publish', channel: 'room', event: chat('me', '2', { text: 7 }) });
    expect((await errorFrame(c, 'invalid_event')).message).toMatch(/text required/);
    c.send({ op: 'publish', channel: 'room', event: chat('someone-else', '3') });
    const spoofed = await c.next((f) => f.op === 'error' && f.ref === '3');
    expect(spoofed.op === 'error' && spoofed.message).toMatch(/source must be the source sent in hello/);
    c.send({ op: 'publish', channel: 'room', event: chat('me', '4') });
    expect((await c.next((f) => f.op === 'ack')).op).toBe('ack');
    expect(relay.metrics().published).toBe(1);
  });

  it('rate-limits publishes per connection with a retry hint, without closing', async () => {
    const relay = await start({ rateLimit: { perSecond: 10, burst: 5 } });
    const c = await connectRaw(relay.url, { source: 'fast' });
    for (let i = 0; i < 20; i++) c.send({ op: 'publish', channel: 'room', event: chat('fast', `e${i}`) });
    await until(() => c.frames.filter((f) => f.op === 'ack' || f.op === 'error').length === 20, '20 answers');
    const limited = c.frames.filter((f) => f.op === 'error' && f.code === 'rate_limited');
    expect(c.frames.filter((f) => f.op === 'ack')).toHaveLength(5);
    expect(limited).toHaveLength(15);
    expect(limited.every((f) => f.op === 'error' && (f.retryAfterMs ?? 0) > 0)).toBe(true);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });

  it('disconnects a consumer that stops reading, with close code 4008, keeping its buffer bounded', async () => {
    const relay = await start({ maxBufferedBytes: 256 * 1024, rateLimit: false, maxEventBytes: 16 * 1024 });
    const { port } = relay;
    // A raw TCP client that completes the WebSocket handshake, subscribes, then never reads again.
    const socket = connect(port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const maskedFrame = (text: string) => {
      const payload = Buffer.from(text);
      const header =
        payload.length < 126
          ? Buffer.from([0x81, 0x80 | payload.length])
          : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
      const mask = Buffer.from([1, 2, 3, 4]);
      return Buffer.concat([header, mask, payload.map((b, i) => b ^ (mask[i % 4] as number))]);
    };
    socket.write(maskedFrame(JSON.stringify({ op: 'hello', version: 1, source: 'sloth' })));
    socket.write(maskedFrame(JSON.stringify({ op: 'subscribe', channel: 'room' })));
    await new Promise((r) => setTimeout(r, 100));
    socket.pause();
    const publisher = await connectRaw(relay.url, { source: 'p' });
    const text = 'x'.repeat(8 * 1024);
    for (let i = 0; i < 2000 && relay.metrics().slowConsumers === 0; i++) {
      publisher.send({ op: 'publish', channel: 'room', event: chat('p', `e${i}`, { text }) });
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => relay.metrics().slowConsumers === 1, 'slow consumer disconnected');
    expect(relay.metrics().connections).toBe(1);
    // The relay kept writing to it only up to its limit: far less than the ~16 MB published.
    expect(relay.metrics().delivered * 8 * 1024).toBeLessThan(8 * 1024 * 1024);
    socket.resume();
    let tail = '';
    socket.on('data', (c: Buffer) => (tail = (tail + c.toString('latin1')).slice(-200)));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(tail).toContain('slow consumer');
  });
});

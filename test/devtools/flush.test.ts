// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_BATCH_CHARACTERS } from '../../src/devtools/connect';
import { connectDevtools } from '../../src/devtools/index';
import type { BatchMessage } from '../../src/devtools/protocol-exports';
import { createBus } from '../../src/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { createTestPanel, entriesOf, settle } from './support/panel';

type Events = { big: unknown; small: { n: number } };

afterEach(() => {
  vi.restoreAllMocks();
});
const cleanups = cleanupsAfterEach();

const setup = (options: Parameters<typeof connectDevtools>[1] = {}) => {
  const bus = createBus<Events>({ name: 'shop', onError: () => {} });
  const panel = createTestPanel(bus.id);
  cleanups.push(connectDevtools(bus, options), panel.close);
  return { bus, panel };
};

/** Characters a batch carries: its JSON text, or (tuples, cloned as they are) the characters of their strings. */
const characters = (value: unknown): number => {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object') return 8;
  return Object.entries(value).reduce((sum, [key, item]) => sum + key.length + characters(item), 0);
};
const batchSize = (batch: BatchMessage) => characters(batch.entries);

describe('flushing batches never throws and never loses an entry silently', () => {
  it('replaces an entry too big for any batch by a warning with its seq; later events flow', async () => {
    // Limits raised past the batch size: one payload alone would make a 3 MB message.
    const { bus, panel } = setup({ limits: { maxString: 3_000_000, maxBytes: 4_000_000 } });
    panel.send({ kind: 'connect' });
    await settle();
    bus.emit('big', 'x'.repeat(2_500_000));
    bus.emit('small', { n: 1 });
    await settle();
    const entries = panel.entries();
    const warning = entries.find((e) => e.type === 'warning');
    expect(warning).toMatchObject({ message: expect.stringMatching(/The "big" event was not sent: it takes \d+ characters/) });
    expect(entries.some((e) => e.type === 'event' && e.eventType === 'small')).toBe(true);
    const seqs = entries.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
    for (const batch of panel.of('batch')) expect(batchSize(batch)).toBeLessThanOrEqual(MAX_BATCH_CHARACTERS);
  });

  it('splits a batch whose JSON text comes out longer than weighed (escapes) under the cap', async () => {
    const { bus, panel } = setup();
    panel.send({ kind: 'connect' });
    await settle();
    // Control characters weigh 1 but take 6 characters of JSON each.
    const escaped = '\u0001'.repeat(900);
    for (let i = 0; i < 1000; i++) bus.emit('big', escaped);
    await settle();
    const batches = panel.of('batch');
    expect(batches.length).toBeGreaterThan(2);
    for (const batch of batches) {
      expect(typeof batch.entries).toBe('string');
      expect(batchSize(batch)).toBeLessThanOrEqual(MAX_BATCH_CHARACTERS);
    }
    expect(panel.entries().filter((e) => e.type === 'event')).toHaveLength(1000);
  });

  it('counts entries it could not post in the next batch’s dropped, and keeps streaming', async () => {
    const { bus, panel } = setup();
    panel.send({ kind: 'connect' });
    await settle();
    const post = window.postMessage.bind(window);
    let failures = 1;
    vi.spyOn(window, 'postMessage').mockImplementation((message: unknown, options?: unknown) => {
      if ((message as { kind?: string }).kind === 'batch' && failures-- > 0) throw new DOMException('could not clone', 'DataCloneError');
      post(message, options as string);
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    bus.emit('small', { n: 1 });
    await settle();
    bus.emit('small', { n: 2 });
    await settle();
    const batches = panel.of('batch');
    const last = batches.at(-1) as BatchMessage;
    // The first emit made an event, a handler-less dispatched entry: 2 entries lost, then counted.
    expect(last.dropped).toBe(2);
    expect(
      entriesOf(last)
        .filter((e) => e.type === 'event')
        .map((e) => e.type === 'event' && e.payload),
    ).toEqual([{ n: 2 }]);
  });
});

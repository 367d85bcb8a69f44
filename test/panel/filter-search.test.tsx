// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventsStore } from '../../src/devtools/panel/model/events';
import { loadRegexEngine } from '../../src/devtools/panel/model/regex-engine';
import { createVisibleIndex } from '../../src/devtools/panel/model/visible';
import type { StreamEntry } from '../../src/devtools/protocol';
import { createFakePage } from './fake-page';
import { forbidNativeMatching, watchLinearEngine } from './native-regex-guard';
import { renderPanel } from './render-panel';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const rows = () => within(screen.getByRole('listbox', { name: 'Events' })).queryAllByRole('option');
const rowTypes = () => rows().map((row) => row.getAttribute('data-event-type'));
const search = (text: string) => fireEvent.change(screen.getByRole('searchbox', { name: 'Filter events' }), { target: { value: text } });
/** Ticks regex, then awaits the regex engine that this starts loading (the first time in this file; at once after that). */
const regexOn = async () => {
  fireEvent.click(screen.getByRole('checkbox', { name: 'regex' }));
  await act(async () => {
    expect((await loadRegexEngine()).status).toBe('ready');
  });
};
const withReason = (entries: StreamEntry[], reason: string): StreamEntry[] =>
  entries.map((entry) =>
    entry.type === 'middleware' ? { ...entry, reason } : entry.type === 'dispatched' ? { ...entry, blockReason: reason } : entry,
  );

describe('the regular expression filter', () => {
  it('says "Invalid regular expression" once', async () => {
    renderPanel();
    await regexOn();
    search('(');
    const alert = screen.getByRole('alert').textContent ?? '';
    expect(alert.match(/invalid regular expression/gi)).toHaveLength(1);
    expect(alert).toMatch(/^Invalid regular expression: .*\(.*\. Fix the pattern or turn regex off\.$/);
  });

  it('lists what a pattern that backtracks badly matches, over long text that almost matches, on the linear-time engine', async () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('word:almost', { text: `${'a'.repeat(1_900)}!` }),
      ...page.event('word:all-a', { text: 'a'.repeat(1_900) }),
      ...page.event('other', {}),
    ]);
    await regexOn();
    forbidNativeMatching('(a|a)+$', '(a|a)+"\\}$');
    const linear = watchLinearEngine();
    search('(a|a)+$');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(rows()).toHaveLength(0);
    expect(screen.getByTestId('event-count').textContent).toBe('0 of 3 events');
    // Each record's text went through the linear-time engine, once.
    expect(linear).toHaveBeenCalledTimes(3);
    linear.mockClear();
    search('(a|a)+"\\}$');
    expect(rowTypes()).toEqual(['word:all-a']);
    expect(linear).toHaveBeenCalledTimes(3);
  });

  it('says what a pattern uses that the linear-time engine cannot run, and what to write instead', async () => {
    const { page } = renderPanel();
    page.batch([...page.event('cart:add', { sku: 'blue-mug' }), ...page.event('order:placed', {})]);
    await regexOn();
    expect(screen.getByRole('checkbox', { name: 'regex' }).getAttribute('title')).toMatch(/linear time \(no lookahead or backreferences\)/);
    search('cart(?=:add)');
    expect(screen.getByRole('alert').textContent).toMatch(
      /^Lookahead \(\?=…\) is not supported in the filter, .*Make what it looks for part of the match/,
    );
    search('(blue)-\\1');
    expect(screen.getByRole('alert').textContent).toMatch(/^The backreference \\1 is not supported in the filter/);
    // A lookbehind runs: the engine supports it in linear time.
    search('(?<=sku":")blue');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(rowTypes()).toEqual(['cart:add']);
  });

  it('reads the whole search text, as the plain-text filter does', async () => {
    const { page } = renderPanel();
    page.batch(page.event('long', { text: 'x'.repeat(1_500) }));
    await regexOn();
    search('"x{1000}x{500}"');
    expect(rowTypes()).toEqual(['long']);
    search('"x{1000}x{499}"');
    expect(rows()).toHaveLength(0);
  });

  it('stops, and says so, once it has taken more than its time budget over the log', async () => {
    const page = createFakePage();
    const events = createEventsStore();
    events.getState().ingest('top/s/shop-1', [...page.event('a', {}), ...page.event('b', {}), ...page.event('c', {})]);
    await loadRegexEngine();
    let now = 0;
    // Each match "takes" 600 ms.
    vi.spyOn(performance, 'now').mockImplementation(() => (now += 600));
    const view = createVisibleIndex().update(
      events.getState().records,
      { eventType: '', text: '.', regex: true, invert: false, instanceKey: '', outcome: '' },
      events.getState(),
    );
    expect(view.error).toMatch(/took over 1 s/);
  });
});

describe('the text filter, over what the rows and the pipeline show', () => {
  it('finds handler errors and labels, middleware names and block reasons', async () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('payment:charge', {}, { handlers: [{ label: 'charge-card', error: { name: 'Error', message: 'Payment declined' } }] }),
      ...withReason(page.event('admin:delete', {}, { middleware: [{ name: 'auth-guard', decision: 'blocked' }] }), 'not signed in'),
      ...page.event('cart:add', {}, { handlers: [{ label: 'update-badge' }] }),
    ]);
    search('Payment declined');
    expect(rowTypes()).toEqual(['payment:charge']);
    search('charge-card');
    expect(rowTypes()).toEqual(['payment:charge']);
    search('auth-guard');
    expect(rowTypes()).toEqual(['admin:delete']);
    search('not signed in');
    expect(rowTypes()).toEqual(['admin:delete']);
    search('update-badge');
    expect(rowTypes()).toEqual(['cart:add']);
    await regexOn();
    search('declined|signed');
    expect(rowTypes()).toEqual(['payment:charge', 'admin:delete']);
  });

  it('finds an event by an error that joined it after it was listed (an async handler)', async () => {
    const { page } = renderPanel();
    search('Payment declined');
    const [started, ...finished] = page.event(
      'payment:charge',
      {},
      { handlers: [{ label: 'charge-card', error: { name: 'Error', message: 'Payment declined' } }] },
    );
    page.batch([started as StreamEntry, ...page.event('other', {})]);
    await waitFor(() => expect(screen.getByTestId('event-count').textContent).toBe('0 of 2 events'));
    page.batch(finished);
    await waitFor(() => expect(rowTypes()).toEqual(['payment:charge']));
    // Invert hides it again, the other one shows.
    fireEvent.click(screen.getByRole('checkbox', { name: 'invert' }));
    expect(rowTypes()).toEqual(['other']);
  });

  it('finds them in an imported file too', () => {
    const first = renderPanel();
    first.page.batch(
      first.page.event(
        'payment:charge',
        {},
        { handlers: [{ label: 'charge-card', error: { name: 'Error', message: 'Payment declined' } }] },
      ),
    );
    const json = first.model.exportJson();
    cleanup();
    const second = renderPanel({ hello: false });
    second.model.importJson(json);
    search('payment declined');
    expect(rowTypes()).toEqual(['payment:charge']);
  });

  it('keeps each record’s search text bounded, however much its parts say', () => {
    const { page, model } = renderPanel();
    const handlers = Array.from({ length: 300 }, (_, i) => ({
      label: `handler-${i}-${'l'.repeat(500)}`,
      error: { name: 'Error', message: `failure ${i} ${'m'.repeat(5_000)}` },
    }));
    page.batch(page.event('noisy', { blob: 'p'.repeat(10_000) }, { handlers }));
    const [record] = model.events.getState().records;
    expect(record?.searchText.length).toBeLessThanOrEqual('noisy'.length + 1 + 2_000 + 1_000);
    // The first parts made it in, ahead of the payload (which a regular expression reads first).
    expect(record?.searchText).toContain('handler-0-');
    expect(record?.searchText.indexOf('handler-0-')).toBeLessThan(record?.searchText.indexOf('ppp') ?? 0);
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const list = () => screen.getByRole('listbox', { name: 'Events' });
const rows = () => within(list()).queryAllByRole('option');
const count = () => screen.getByTestId('event-count').textContent;
const TYPES = ['cart:add', 'order:placed', 'search:typed', 'nav:moved'] as const;

// The log re-renders at most every 50 ms while events stream in: these check that what it shows
// once a stream settles is all of it, and that a render in between never mixes two moments.
describe('the log while a stream of batches arrives', () => {
  it('lists and counts every event of a burst of batches, and filters them all', async () => {
    const { page } = renderPanel();
    for (let batch = 0; batch < 40; batch++)
      page.batch(Array.from({ length: 25 }, (_, i) => page.event(TYPES[(batch * 25 + i) % 4] as string, { n: batch * 25 + i })).flat());
    await waitFor(() => expect(count()).toBe('1000 events'));
    // Without layout the list renders its first rows: they are the first events, in order.
    expect(rows()[0]?.getAttribute('aria-posinset')).toBe('1');
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe('1000');
    expect(rows().map((row) => row.getAttribute('data-event-type'))).toEqual(rows().map((_, i) => TYPES[i % 4]));
    expect(screen.getByRole('combobox', { name: 'Event type' }).textContent).toContain('search:typed');

    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter events' }), { target: { value: 'order' } });
    expect(count()).toBe('250 of 1000 events');
    expect(rows().every((row) => row.getAttribute('data-event-type') === 'order:placed')).toBe(true);
    page.batch(Array.from({ length: 8 }, (_, i) => page.event(TYPES[i % 4] as string, { n: 1000 + i })).flat());
    await waitFor(() => expect(count()).toBe('252 of 1008 events'));
  });

  it('updates a row already shown when what its event went through arrives later (records change in place)', async () => {
    const { page } = renderPanel();
    const [started, ...finished] = page.event(
      'upload',
      {},
      { handlers: [{ label: 'send', error: { name: 'Error', message: 'offline' } }] },
    );
    page.batch([started as NonNullable<typeof started>, ...page.event('fine', {})]);
    await waitFor(() => expect(count()).toBe('2 events'));
    const upload = () => rows().find((row) => row.getAttribute('data-event-type') === 'upload');
    expect(upload()?.textContent).not.toContain('failed');
    page.batch(finished);
    await waitFor(() => expect(upload()?.textContent).toContain('failed'));
    expect(upload()?.textContent).toContain('Error: offline');
    expect(upload()?.className).toContain('hb-status-failed');
  });

  it('shows one moment of the log in a render between two updates: its count agrees with its rows', async () => {
    const { page } = renderPanel();
    page.batch(Array.from({ length: 10 }, (_, i) => page.event('tick', { i })).flat());
    await waitFor(() => expect(count()).toBe('10 events'));
    // These arrive within the interval: the log shows them at its next update, not before.
    page.batch(Array.from({ length: 10 }, (_, i) => page.event('tock', { i })).flat());
    // A render for another reason (a row selected) in between.
    fireEvent.click(rows()[0] as HTMLElement);
    expect(rows()[0]?.getAttribute('aria-selected')).toBe('true');
    // No filter: never "10 of 20 events".
    expect(count()).toMatch(/^\d+ events$/);
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe(count()?.split(' ')[0]);
    await waitFor(() => expect(count()).toBe('20 events'));
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe('20');
  });

  it('counts the log again when max events drops only events the filter hides', async () => {
    const { page } = renderPanel({ settings: { maxEvents: 200 } });
    page.batch([
      ...Array.from({ length: 100 }, () => page.event('drop', {})).flat(),
      ...Array.from({ length: 50 }, () => page.event('keep', {})).flat(),
    ]);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter events' }), { target: { value: 'keep' } });
    await waitFor(() => expect(count()).toBe('50 of 150 events'));
    const maxEvents = screen.getByRole('spinbutton', { name: 'Max events' });
    fireEvent.change(maxEvents, { target: { value: '100' } });
    // Lowering it drops events: it applies once the field is left.
    fireEvent.blur(maxEvents);
    await waitFor(() => expect(count()).toBe('50 of 100 events'));
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SOURCE, PROTOCOL_VERSION, type SerializedValue, toWire } from '../../src/devtools/protocol';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const rowsOf = (eventType: string) =>
  within(screen.getByRole('listbox', { name: 'Events' }))
    .getAllByRole('option')
    .filter((row) => row.getAttribute('data-event-type') === eventType);

/** Opens the Diff tab of the `index`th row of `eventType` (the last by default). */
const openDiff = (eventType: string, index = -1): HTMLElement => {
  const row = rowsOf(eventType).at(index);
  if (!row) throw new Error(`no row for ${eventType}`);
  fireEvent.click(row);
  const detail = screen.getByRole('complementary', { name: 'Event detail' });
  fireEvent.click(within(detail).getByRole('tab', { name: 'Diff' }));
  return detail;
};

const changesIn = (detail: HTMLElement): string[] =>
  within(within(detail).getByRole('list', { name: 'Changes' }))
    .getAllByRole('listitem')
    .map((item) => item.textContent ?? '');

/** Publishes `before`, then `after`, as two events of `eventType`, and opens the second's Diff tab. */
const diffOf = (before: SerializedValue, after: SerializedValue, eventType = 'cart:update') => {
  const panel = renderPanel();
  panel.page.batch([...panel.page.event(eventType, before), ...panel.page.event(eventType, after)]);
  return { ...panel, detail: openDiff(eventType) };
};

describe('the Diff tab', () => {
  it('comes right after Payload', () => {
    const { detail } = diffOf({}, {});
    expect(
      within(detail)
        .getAllByRole('tab')
        .map((tab) => tab.textContent),
    ).toEqual(['Payload', 'Diff', 'Pipeline', 'Causation', 'Trace']);
  });

  it('lists a changed nested field, an added and a removed one, with before → after', () => {
    const { detail } = diffOf({ user: { name: 'Ann' }, note: 'gift', total: 10 }, { user: { name: 'Bo' }, total: 10, coupon: 'TEA10' });
    expect(changesIn(detail)).toEqual(['user.name: "Ann" → "Bo"', 'note: removed', 'coupon: added "TEA10"']);
  });

  it('lists an array element change by its index', () => {
    const { detail } = diffOf(
      {
        items: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 1 },
          { sku: 'C', qty: 1 },
        ],
      },
      {
        items: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 1 },
          { sku: 'C', qty: 2 },
          { sku: 'D', qty: 1 },
        ],
      },
    );
    expect(changesIn(detail)).toEqual(['items[2].qty: 1 → 2', 'items[3]: added {sku: "D", qty: 1}']);
  });

  it('says so when the log holds no earlier event of the type', () => {
    const { page } = renderPanel();
    page.batch([...page.event('cart:add', { sku: 'A' }), ...page.event('cart:update', { qty: 1 })]);
    const detail = openDiff('cart:update');
    expect(within(detail).getByText('No earlier cart:update from this bus in the log to compare with.')).toBeTruthy();
    expect(within(detail).queryByRole('list', { name: 'Changes' })).toBeNull();
  });

  it('says "no change" for equal payloads', () => {
    const { detail } = diffOf({ items: [{ sku: 'A' }], total: 3 }, { items: [{ sku: 'A' }], total: 3 });
    expect(within(detail).getByText('no change')).toBeTruthy();
    expect(within(detail).queryByRole('list', { name: 'Changes' })).toBeNull();
  });

  it('shows markers as the tree does, never expanded', () => {
    const { detail } = diffOf(
      { card: { number: '4242' }, text: { $hubbub: 'truncated', reason: 'string', omitted: 5, preview: 'long' } },
      { card: { $hubbub: 'redacted' }, text: { $hubbub: 'truncated', reason: 'string', omitted: 9, preview: 'long' } },
    );
    expect(changesIn(detail)).toEqual([
      'card: {number: "4242"} → [redacted]',
      'text: [truncated string: 5 left out — long] → [truncated string: 9 left out — long]',
    ]);
    expect(within(detail).getByRole('tabpanel').textContent).not.toContain('$hubbub');
  });

  it('lists at most 200 changes, then how many more, and cuts long values', () => {
    const before: Record<string, number> = {};
    const after: Record<string, number | string> = {};
    for (let i = 0; i < 250; i++) {
      before[`k${i}`] = i;
      after[`k${i}`] = i + 1;
    }
    after.k0 = 'x'.repeat(500);
    const { detail } = diffOf(before, after);
    const items = changesIn(detail);
    expect(items).toHaveLength(201);
    expect(items.at(-1)).toBe('50 more changes');
    expect(items[1]).toBe('k1: 1 → 2');
    expect(items[0]).toBe(`k0: 0 → "${'x'.repeat(119)}… (382 more characters)`);
  });

  it('names the event compared with; clicking it selects that event', () => {
    const { detail, model } = diffOf({ qty: 1 }, { qty: 2 });
    const [first] = model.events.getState().records;
    const link = within(detail).getByRole('button', { name: /^e1 at / });
    expect(within(detail).getByRole('tabpanel').textContent).toContain('compared with the previous cart:update from this bus');
    fireEvent.click(link);
    expect(model.selection.getState().selectedKey).toBe(first?.key);
    expect(rowsOf('cart:update')[0]?.getAttribute('aria-selected')).toBe('true');
    expect(within(screen.getByRole('complementary', { name: 'Event detail' })).getByRole('tabpanel').textContent).toContain(
      'No earlier cart:update',
    );
  });

  it("does not compare with another bus's event of the same type", async () => {
    const { page } = renderPanel();
    page.batch(page.event('cart:update', { qty: 1 }));
    const other = { source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId: 'session-cart', instanceId: 'cart-1' } as const;
    page.deliver({
      kind: 'page',
      message: { ...other, kind: 'hello', instance: { ...page.info, id: 'cart-1', name: 'cart', streaming: true } },
    });
    const entries = page.event('cart:update', { qty: 5 });
    page.deliver({
      kind: 'page',
      message: { ...other, kind: 'batch', entries: JSON.stringify(entries.map(toWire)), count: entries.length, dropped: 0 },
    });
    await waitFor(() => expect(rowsOf('cart:update')).toHaveLength(2));
    expect(within(openDiff('cart:update')).getByRole('tabpanel').textContent).toContain('No earlier cart:update from this bus');

    page.batch(page.event('cart:update', { qty: 2 }));
    await waitFor(() => expect(rowsOf('cart:update')).toHaveLength(3));
    const detail = openDiff('cart:update');
    expect(changesIn(detail)).toEqual(['qty: 1 → 2']);
    expect(within(detail).getByRole('button', { name: /^e1 at / })).toBeTruthy();
  });
});

const compareWith = (detail: HTMLElement) => within(detail).getByRole<HTMLSelectElement>('combobox', { name: 'Compare with' });
const choicesOf = (select: HTMLSelectElement) => [...select.options].map((option) => option.textContent);
const pinButton = (detail: HTMLElement) => within(detail).getByRole('button', { name: 'Pin as diff base' });

describe('choosing what the Diff tab compares with', () => {
  it('offers the other events of the type, newest first, and compares with the one chosen until cleared', () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('cart:update', { qty: 1 }),
      ...page.event('cart:update', { qty: 2 }),
      ...page.event('cart:update', { qty: 3 }),
    ]);
    const detail = openDiff('cart:update');
    const select = compareWith(detail);
    expect(select.value).toBe('');
    expect(choicesOf(select)).toEqual([
      'previous cart:update from this bus',
      expect.stringMatching(/^e2 at /),
      expect.stringMatching(/^e1 at /),
    ]);
    expect(changesIn(detail)).toEqual(['qty: 2 → 3']);

    const first = [...select.options].find((option) => option.textContent?.startsWith('e1 at '));
    fireEvent.change(select, { target: { value: first?.value } });
    expect(changesIn(detail)).toEqual(['qty: 1 → 3']);
    expect(within(detail).getByText(/from the diff base you chose, to this event/)).toBeTruthy();
    expect(within(detail).getByRole('button', { name: /^e1 at / })).toBeTruthy();

    // The choice holds for the next event selected: the middle one now reads from e1 too.
    const middle = openDiff('cart:update', 1);
    expect(changesIn(middle)).toEqual(['qty: 1 → 2']);

    fireEvent.click(within(middle).getByRole('button', { name: 'Clear diff base' }));
    expect(compareWith(middle).value).toBe('');
    expect(changesIn(middle)).toEqual(['qty: 1 → 2']);
    expect(within(middle).getByText(/compared with the previous cart:update from this bus/)).toBeTruthy();
    expect(changesIn(openDiff('cart:update'))).toEqual(['qty: 2 → 3']);
  });

  it('pins any event as the base, of another type too: payload against payload, markers as one value', () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('cart:add', { sku: 'A', qty: 1, at: { $hubbub: 'date', iso: '2026-01-01T00:00:00.000Z' } }),
      ...page.event('order:placed', { sku: 'A', total: 3, at: { $hubbub: 'date', iso: '2026-01-02T00:00:00.000Z' } }),
    ]);
    const base = openDiff('cart:add');
    expect(pinButton(base).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(pinButton(base));
    expect(pinButton(base).getAttribute('aria-pressed')).toBe('true');
    expect(within(base).getByText(/This event is the diff base: select another event/)).toBeTruthy();
    expect(within(base).queryByRole('list', { name: 'Changes' })).toBeNull();

    const detail = openDiff('order:placed');
    expect(pinButton(detail).getAttribute('aria-pressed')).toBe('false');
    const select = compareWith(detail);
    expect(select.selectedOptions[0]?.textContent).toMatch(/^cart:add e1 at .* \(pinned\)$/);
    expect(within(detail).getByText(/from the diff base you chose, a cart:add, to this event/)).toBeTruthy();
    expect(changesIn(detail)).toEqual([
      'qty: removed',
      'at: Date 2026-01-01T00:00:00.000Z → Date 2026-01-02T00:00:00.000Z',
      'total: added 3',
    ]);

    // Its name opens the base; pressed again there, the pin is let go.
    fireEvent.click(within(detail).getByRole('button', { name: /^e1 at / }));
    const reopened = screen.getByRole('complementary', { name: 'Event detail' });
    expect(reopened.querySelector('h2')?.textContent).toBe('cart:add');
    fireEvent.click(pinButton(reopened));
    expect(within(openDiff('order:placed')).getByText('No earlier order:placed from this bus in the log to compare with.')).toBeTruthy();
  });

  it('keeps the 200-changes cap against a chosen base', () => {
    const { page } = renderPanel();
    const wide: Record<string, number> = {};
    for (let i = 0; i < 230; i++) wide[`k${i}`] = i;
    page.batch([...page.event('snapshot:taken', wide), ...page.event('cart:cleared', {})]);
    fireEvent.click(pinButton(openDiff('snapshot:taken')));
    const detail = openDiff('cart:cleared');
    const items = changesIn(detail);
    expect(items).toHaveLength(201);
    expect(items[0]).toBe('k0: removed');
    expect(items.at(-1)).toBe('30 more changes');
  });

  it('falls back to the previous event of the type once the base left the log', async () => {
    const { page } = renderPanel();
    page.batch([...page.event('cart:add', { sku: 'A' }), ...page.event('cart:update', { qty: 1 })]);
    fireEvent.click(pinButton(openDiff('cart:add')));
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    page.batch([...page.event('cart:update', { qty: 4 }), ...page.event('cart:update', { qty: 5 })]);
    await waitFor(() => expect(rowsOf('cart:update')).toHaveLength(2));
    const detail = openDiff('cart:update');
    expect(compareWith(detail).value).toBe('');
    expect(within(detail).queryByRole('button', { name: 'Clear diff base' })).toBeNull();
    expect(changesIn(detail)).toEqual(['qty: 4 → 5']);
  });
});

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
    expect(within(detail).getByRole('tabpanel').textContent).toBe('No earlier cart:update from this bus in the log to compare with.');
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

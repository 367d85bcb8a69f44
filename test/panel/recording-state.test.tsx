// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeftOutSummary } from '../../src/devtools/protocol';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const none = { denied: 0, 'sampled-out': 0, 'over-cap': 0 };
const leftOut = (total: number, byType: LeftOutSummary['byType']): LeftOutSummary => ({ total, byType, otherTypes: none });

describe('the panel shows what the page left out and leak suspects', () => {
  it('says how many events were not recorded, with the breakdown per type and reason in its title', () => {
    const { page } = renderPanel();
    page.batch(page.event('cart:add', {}));
    expect(screen.queryByTestId('left-out')).toBeNull();
    page.batch([], 0, {
      leftOut: leftOut(15, [
        { type: 'pointer/move', ...none, denied: 12 },
        { type: 'scroll/y', ...none, 'sampled-out': 2, 'over-cap': 1 },
      ]),
    });
    const line = screen.getByTestId('left-out');
    expect(line.textContent).toContain('15 events not recorded');
    expect(line.getAttribute('title')).toContain('pointer/move: 12 denied\nscroll/y: 2 sampled out, 1 over the per-second cap');
    // A later summary replaces the earlier one; a batch without one keeps it.
    page.batch(page.event('cart:add', {}));
    page.batch([], 0, { leftOut: leftOut(16, [{ type: 'pointer/move', ...none, denied: 16 }]) });
    expect(screen.getByTestId('left-out').textContent).toContain('16 events not recorded');
  });

  it('ignores a malformed left-out summary instead of showing garbage', () => {
    const { page } = renderPanel();
    page.batch([], 0, { leftOut: { total: 'many' } as unknown as LeftOutSummary });
    expect(screen.queryByTestId('left-out')).toBeNull();
    expect(screen.getByTestId('event-count').textContent).toBe('0 events');
  });

  it('flags a leaking label in the Subscriptions view, naming it with its live count and growth, and highlights its rows', () => {
    const { page } = renderPanel();
    page.snapshot([
      { id: 1, type: 'cart:add', isClass: false, label: 'CartBadge', priority: 0, once: false },
      { id: 2, type: 'cart:add', isClass: false, label: 'CartBadge', priority: 0, once: false },
      { id: 3, type: 'order:placed', isClass: false, label: 'receipt', priority: 0, once: false },
    ]);
    page.batch([], 0, { leaks: [{ by: 'label', name: 'CartBadge', live: 40, growth: 38 }] });
    fireEvent.click(screen.getByRole('tab', { name: 'Subscriptions' }));
    const view = screen.getByRole('region', { name: 'Subscriptions' });
    expect(within(view).getByTestId('leak').textContent).toContain(
      'Possible leak: label "CartBadge" has 40 live subscriptions (+38 and still growing)',
    );
    const rows = within(within(view).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.classList.contains('hb-row-leak'))).toEqual([true, true, false]);
    expect(rows[0]?.textContent).toContain('leak?');

    // The page says the suspect is gone (cleaned up): the flag goes.
    page.batch([], 0, { leaks: [] });
    expect(within(view).queryByTestId('leak')).toBeNull();
  });
});

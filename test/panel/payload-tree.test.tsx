// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SerializedValue } from '../../src/devtools/protocol';
import { renderPanel } from './render-panel';

afterEach(cleanup);

/** Renders one event with `payload` and opens its payload tree. */
const treeOf = (payload: SerializedValue) => {
  const { page } = renderPanel();
  page.batch(page.event('probe', payload));
  const row = within(screen.getByRole('listbox', { name: 'Events' })).getByRole('option');
  fireEvent.click(row);
  const detail = screen.getByRole('complementary', { name: 'Event detail' });
  return within(detail).getByRole('list', { name: 'Payload' });
};

describe('the payload tree, fed what a hostile or newer page may send', () => {
  it('shows a marker of a kind it does not know as the object it is, instead of failing the detail', () => {
    const tree = treeOf({ later: { $hubbub: 'future-kind', detail: 'x' } } as unknown as SerializedValue);
    expect(tree.textContent).toContain('future-kind');
    expect(tree.textContent).toContain('detail');
  });

  it('shows a known marker missing its fields as the object it is', () => {
    const tree = treeOf({
      map: { $hubbub: 'map' },
      set: { $hubbub: 'set', size: 2, values: 'nope' },
      instance: { $hubbub: 'instance', className: 'Order', fields: null },
      error: { $hubbub: 'error' },
      typed: { $hubbub: 'typed-array', className: 'Uint8Array', length: 3 },
      cut: { $hubbub: 'truncated' },
    } as unknown as SerializedValue);
    expect(tree.textContent).toContain('map');
    expect(tree.textContent).toContain('instance');
    expect(screen.queryByText(/could not be shown/)).toBeNull();
  });

  it('says the real length of an array or object cut at the key cap, not the length of what was kept', () => {
    const tree = treeOf({
      list: [1, 2, { $hubbub: 'truncated', reason: 'keys', omitted: 4998 }],
      wide: { a: 1, '…': { $hubbub: 'truncated', reason: 'keys', omitted: 799 } },
    });
    expect(tree.textContent).toContain('Array(5000)');
    expect(tree.textContent).toContain('{800}');
  });

  it('names the non-finite items of a typed array instead of leaving a hole', () => {
    const tree = treeOf({ samples: { $hubbub: 'typed-array', className: 'Float64Array', length: 3, preview: [1, null, 3] } });
    expect(tree.textContent).toContain('Float64Array(3) [1, non-finite, 3]');
  });

  it('renders a very wide object a page at a time, and shows the rest on demand', () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 5_000; i++) wide[`k${i}`] = i;
    const tree = treeOf(wide);
    expect(tree.querySelectorAll('li').length).toBeLessThan(300);
    expect(tree.textContent).toContain('k0: 0');
    const more = within(tree).getByRole('button', { name: /more/ });
    expect(more.textContent).toMatch(/4900 more not shown/);
    fireEvent.click(more);
    expect(tree.textContent).toContain('k150: 150');
  });
});

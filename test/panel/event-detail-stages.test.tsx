// @vitest-environment happy-dom
import { cleanup, fireEvent, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PANEL_CSS } from '../../src/devtools/panel/ui/styles';
import type { SerializedValue, StreamEntry } from '../../src/devtools/protocol';
import { serialize } from '../../src/devtools/serialize';
import { openEventDetail, renderPanel } from './render-panel';

afterEach(cleanup);

const open = (eventType: string) => openEventDetail(eventType);

/** Renders one event with `payload` and opens its payload tree. */
const treeOf = (payload: SerializedValue) => {
  const { page } = renderPanel();
  page.batch(page.event('sample', payload));
  return within(open('sample')).getByRole('list', { name: 'Payload' });
};

/** An `admin/delete` blocked by `auth-guard`, with the reason on the middleware entry, the dispatched entry, or both. */
const blockedEntries = (entries: StreamEntry[], where: { middleware?: boolean; dispatched?: boolean }): StreamEntry[] =>
  entries.map((entry) => {
    if (entry.type === 'middleware' && where.middleware) return { ...entry, reason: 'not signed in as admin' };
    if (entry.type === 'dispatched' && where.dispatched) return { ...entry, blockReason: 'not signed in as admin' };
    return entry;
  });

describe('the pipeline of a blocked event', () => {
  for (const where of [{ middleware: true }, { dispatched: true }, { middleware: true, dispatched: true }]) {
    it(`says the reason the middleware gave (reason on ${Object.keys(where).join(' and ')})`, () => {
      const { page } = renderPanel();
      page.batch(
        blockedEntries(page.event('admin/delete', { id: 7 }, { middleware: [{ name: 'auth-guard', decision: 'blocked' }] }), where),
      );
      const detail = open('admin/delete');
      fireEvent.click(within(detail).getByRole('tab', { name: 'Pipeline' }));
      expect(detail.querySelector('.hb-blocked-note')?.textContent).toContain('Blocked by auth-guard: not signed in as admin');
      if (where.middleware) expect(within(detail).getByTestId('middleware-step').textContent).toContain('not signed in as admin');
    });
  }

  it('still says no handler ran when the middleware gave no reason', () => {
    const { page } = renderPanel();
    page.batch(page.event('admin/delete', {}, { middleware: [{ name: 'auth-guard', decision: 'blocked' }] }));
    const detail = open('admin/delete');
    fireEvent.click(within(detail).getByRole('tab', { name: 'Pipeline' }));
    expect(detail.querySelector('.hb-blocked-note')?.textContent).toBe('Blocked by auth-guard: no handler ran.');
  });
});

describe('the detail header of a very long event type', () => {
  it('wraps and clips the type so the status badge and Replay stay in view, and keeps the whole type in its title', () => {
    const style = document.createElement('style');
    style.textContent = PANEL_CSS;
    document.head.appendChild(style);
    try {
      const { page } = renderPanel();
      const type = 'T'.repeat(5_000);
      page.batch(page.event(type, {}));
      const detail = open(type);
      const head = detail.querySelector('.hb-detail-head') as HTMLElement;
      const title = head.querySelector('h2') as HTMLElement;
      expect(title.getAttribute('title')).toBe(type);
      expect(getComputedStyle(head).flexWrap).toBe('wrap');
      expect(['0', '0px']).toContain(getComputedStyle(title).minWidth);
      expect(getComputedStyle(title).overflow).toBe('hidden');
      expect(getComputedStyle(title).overflowWrap).toBe('anywhere');
      expect(within(head).getByRole('button', { name: 'Replay' })).toBeTruthy();
    } finally {
      style.remove();
    }
  });
});

describe('the payload tab', () => {
  it('says the payload is the one published, before middleware', () => {
    const { page } = renderPanel();
    page.batch(page.event('cart/view', { qty: 2 }));
    const detail = open('cart/view');
    expect(within(detail).getByRole('tabpanel').textContent).toContain('As published, before middleware');
  });

  it('offers the value handlers received when a middleware transformed the event', () => {
    const { page } = renderPanel();
    page.batch(
      page.event(
        'cart/add',
        { qty: 2 },
        {
          middleware: [
            { name: 'logger', decision: 'passed' },
            { name: 'doubler', decision: 'transformed', value: { qty: 4, doubled: true } },
          ],
          handlers: [{ label: 'cart' }],
        },
      ),
    );
    const detail = open('cart/add');
    const panel = within(detail).getByRole('tabpanel');
    expect(panel.textContent).toContain('As published, before middleware');
    expect(within(panel).getByRole('list', { name: 'Payload' }).textContent).toContain('qty: 2');
    fireEvent.click(within(panel).getByRole('button', { name: 'after middleware' }));
    const after = within(panel).getByRole('list', { name: 'Payload' }).textContent;
    expect(after).toContain('qty: 4');
    expect(after).toContain('doubled: true');
    expect(panel.textContent).toContain('as handlers received it');
    expect(within(panel).getByRole('button', { name: 'after middleware' }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('the payload tree, fed what the serializer records', () => {
  it('shows a Map entry as key => value', () => {
    const tree = treeOf({
      lines: {
        $hubbub: 'map',
        size: 2,
        entries: [
          ['A1', 2],
          [{ sku: 'B2' }, 'x'],
        ],
      },
    });
    expect(tree.textContent).toContain('"A1" => 2');
    expect(tree.textContent).toContain('{1} => "x"');
    expect(tree.textContent).not.toContain('Array(2)');
  });

  it('says a value past maxDepth was not recorded, without a misleading count', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50; i++) {
      const child = {};
      deep.child = child;
      deep = child;
    }
    const { value } = serialize(root);
    const tree = treeOf(value);
    // Open every level down to the marker.
    for (let toggle = within(tree).queryAllByRole('button', { expanded: false }); toggle.length > 0; ) {
      for (const t of toggle) fireEvent.click(t);
      toggle = within(tree).queryAllByRole('button', { expanded: false });
    }
    expect(tree.textContent).toContain('deeper levels not recorded (maxDepth)');
    expect(tree.textContent).not.toContain('1 left out');
  });

  it('says up front how many items a long array had and how many were recorded, and counts only recorded ones as not shown', () => {
    const { value } = serialize({ list: Array.from({ length: 50_000 }, (_, i) => i) });
    const tree = treeOf(value);
    expect(tree.textContent).toContain('Array(50000)');
    expect(tree.textContent).toContain('50000 items, first 200 recorded (maxKeys)');
    const more = within(tree).getByRole('button', { name: /more/ });
    expect(more.textContent).toBe('show 100 more (100 more not shown)');
    fireEvent.click(more);
    expect(within(tree).queryByRole('button', { name: /more/ })).toBeNull();
    expect(tree.textContent).toContain('199: 199');
    expect(tree.textContent).toContain('the rest was not recorded');
  });

  it('says how many entries a cut Map or Set had', () => {
    const big = new Map(Array.from({ length: 300 }, (_, i) => [`k${i}`, i] as const));
    const { value } = serialize({ big, set: new Set(Array.from({ length: 250 }, (_, i) => i)) });
    const tree = treeOf(value);
    expect(tree.textContent).toContain('300 entries, first 200 recorded');
    expect(tree.textContent).toContain('250 values, first 200 recorded');
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const open = (eventType: string) => {
  const list = screen.getByRole('listbox', { name: 'Events' });
  const row = within(list)
    .getAllByRole('option')
    .find((r) => r.getAttribute('data-event-type') === eventType);
  if (!row) throw new Error(`no row for ${eventType}`);
  fireEvent.click(row);
  return screen.getByRole('complementary', { name: 'Event detail' });
};

describe('the event detail', () => {
  it('shows the payload as a collapsible tree with Hubbub markers made readable', () => {
    const { page } = renderPanel();
    page.batch(
      page.event('order:placed', {
        order: {
          $hubbub: 'instance',
          className: 'Order',
          fields: { id: 'o-1', placedAt: { $hubbub: 'date', iso: '2026-01-02T03:04:05.000Z' } },
        },
        lines: { $hubbub: 'map', size: 1, entries: [['A1', 2]] },
        total: { $hubbub: 'bigint', value: '12345678901234567890' },
        onDone: { $hubbub: 'function', name: 'notify' },
        secret: { $hubbub: 'redacted' },
        self: { $hubbub: 'circular', path: '$' },
        big: { $hubbub: 'truncated', reason: 'string', omitted: 9000, preview: 'lorem' },
      }),
    );
    const detail = open('order:placed');
    const tree = within(detail).getByRole('list', { name: 'Payload' });
    expect(tree.textContent).toContain('Order');
    expect(tree.textContent).toContain('Date 2026-01-02T03:04:05.000Z');
    expect(tree.textContent).toContain('Map(1)');
    expect(tree.textContent).toContain('12345678901234567890n');
    expect(tree.textContent).toContain('ƒ notify()');
    expect(tree.textContent).toContain('[redacted]');
    expect(tree.textContent).toContain('[circular → $]');
    expect(tree.textContent).toContain('9000 left out');

    const orderToggle = within(tree).getByRole('button', { name: /order: Order/ });
    expect(orderToggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(orderToggle);
    expect(orderToggle.getAttribute('aria-expanded')).toBe('false');
    expect(tree.textContent).not.toContain('placedAt');
  });

  it('shows metadata, each middleware decision with before/after for transforms, handler runs and errors with stacks', () => {
    const { page } = renderPanel();
    page.batch(
      page.event(
        'cart:add',
        { sku: 'a1' },
        {
          id: 'evt-9',
          middleware: [
            { name: 'logger', decision: 'passed' },
            { name: 'normalize-sku', decision: 'transformed', value: { sku: 'A1' } },
          ],
          handlers: [
            { label: 'cart-badge', duration: 1.5 },
            {
              label: 'analytics',
              duration: 12.25,
              error: { name: 'TypeError', message: 'track is not a function', stack: 'TypeError: track\n    at analytics.ts:3' },
            },
          ],
        },
      ),
    );
    const detail = open('cart:add');
    expect(detail.textContent).toContain('evt-9');
    fireEvent.click(within(detail).getByRole('tab', { name: 'Pipeline' }));
    const steps = within(detail).getAllByTestId('middleware-step');
    expect(steps.map((s) => s.textContent)).toEqual([expect.stringContaining('logger'), expect.stringContaining('normalize-sku')]);
    expect(steps[0]?.textContent).toContain('passed');
    expect(steps[1]?.textContent).toContain('transformed');
    expect(steps[1]?.textContent).toMatch(/before.*"a1".*after.*"A1"/s);
    const runs = within(detail).getAllByTestId('handler-run');
    expect(runs[0]?.textContent).toContain('cart-badge');
    expect(runs[0]?.textContent).toContain('1.50 ms');
    expect(runs[1]?.textContent).toContain('TypeError: track is not a function');
    expect(runs[1]?.textContent).toContain('12.3 ms');
    expect(runs[1]?.textContent).toContain('at analytics.ts:3');
  });

  it('draws the causation tree: the event a handler published from, down the chain', () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('order:placed', {}, { id: 'root' }),
      ...page.event('payment:charge', {}, { id: 'child', causationId: 'root', correlationId: 'root', depth: 1 }),
      ...page.event('email:send', {}, { id: 'grandchild', causationId: 'child', correlationId: 'root', depth: 2 }),
      ...page.event('stock:reserve', {}, { id: 'sibling', causationId: 'root', correlationId: 'root', depth: 1 }),
      ...page.event('unrelated', {}),
    ]);
    const detail = open('email:send');
    fireEvent.click(within(detail).getByRole('tab', { name: 'Causation' }));
    const tree = within(detail).getByRole('list', { name: 'Causation tree' });
    const names = within(tree)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(names).toEqual(['order:placed', 'payment:charge', 'email:send', 'stock:reserve']);
    const root = within(tree).getByRole('button', { name: 'order:placed' });
    const payment = root.parentElement?.querySelector('ul > li');
    expect(payment?.textContent).toContain('email:send');
    fireEvent.click(root);
    expect(screen.getByRole('complementary', { name: 'Event detail' }).querySelector('h2')?.textContent).toBe('order:placed');
  });
});

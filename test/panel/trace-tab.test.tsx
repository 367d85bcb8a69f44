// @vitest-environment happy-dom
import { cleanup, fireEvent, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallSiteFrame } from '../../src/devtools/call-site';
import { openEventDetail, renderPanel } from './render-panel';

afterEach(cleanup);

const open = (eventType: string) => openEventDetail(eventType, 'Trace');

const trace: CallSiteFrame[] = [
  { functionName: 'addToCart', url: 'http://localhost:5173/src/cart/CartButton.tsx?t=17', line: 42, column: 9 },
  { functionName: '', url: 'http://localhost:5173/src/main.tsx', line: 7, column: 3 },
];

describe('the Trace tab', () => {
  it('lists the frames, innermost first: function, file, line:column; the host opens the one clicked', () => {
    const opened: CallSiteFrame[] = [];
    const { page } = renderPanel({ openSource: (frame) => opened.push(frame) });
    page.batch(page.event('cart:add', { sku: 'A1' }, { trace }));
    const detail = open('cart:add');
    const frames = within(within(detail).getByRole('list', { name: 'Trace' })).getAllByRole('listitem');
    expect(frames.map((frame) => frame.textContent)).toEqual(['addToCart /src/cart/CartButton.tsx:42:9', '(anonymous) /src/main.tsx:7:3']);
    expect(frames[0]?.getAttribute('title')).toBe(trace[0]?.url);

    fireEvent.click(within(detail).getByRole('button', { name: /addToCart/ }));
    fireEvent.click(within(detail).getByRole('button', { name: /main\.tsx:7:3/ }));
    expect(opened).toEqual([trace[0], trace[1]]);
  });

  it('shows the frames as text where the host cannot open sources (the floating panel)', () => {
    const { page } = renderPanel();
    page.batch(page.event('cart:add', { sku: 'A1' }, { trace }));
    const detail = open('cart:add');
    expect(within(detail).getByRole('list', { name: 'Trace' }).textContent).toContain('addToCart /src/cart/CartButton.tsx:42:9');
    expect(within(detail).queryByRole('button', { name: /addToCart/ })).toBeNull();
  });

  it('says how to turn tracing on for an event recorded without it', () => {
    const { page } = renderPanel({ openSource: () => {} });
    page.batch(page.event('cart:add', { sku: 'A1' }));
    const detail = open('cart:add');
    expect(within(detail).getByRole('tabpanel').textContent).toContain('connectDevtools(bus, { trace: true })');
    expect(within(detail).queryByRole('list', { name: 'Trace' })).toBeNull();
  });
});

describe('a trace in an export file', () => {
  it('comes back with the import, and a malformed one is refused with a clear error', () => {
    const { page, model } = renderPanel();
    page.batch(page.event('cart:add', { sku: 'A1' }, { trace }));
    const exported = model.exportJson();
    model.clear();
    expect(model.importJson(exported).added).toBe(1);
    expect(within(open('cart:add')).getByRole('list', { name: 'Trace' }).textContent).toContain('addToCart /src/cart/CartButton.tsx:42:9');

    const file = JSON.parse(exported) as { events: { trace: unknown }[] };
    for (const bad of ['at addToCart (cart.ts:1:1)', [{ functionName: 'addToCart', url: 7, line: 1, column: 1 }]]) {
      file.events.forEach((event) => {
        event.trace = bad;
      });
      expect(() => model.importJson(JSON.stringify(file))).toThrow(/"trace" that is not a list/);
    }
  });
});

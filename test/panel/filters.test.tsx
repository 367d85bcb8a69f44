// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const rows = () => within(screen.getByRole('listbox', { name: 'Events' })).queryAllByRole('option');
const rowTypes = () => rows().map((row) => row.getAttribute('data-event-type'));
const search = (text: string) => fireEvent.change(screen.getByRole('searchbox', { name: 'Filter events' }), { target: { value: text } });

describe('the free-text filter, as a developer types what the app holds', () => {
  it('finds text with quotes and backslashes as the app wrote it', () => {
    const { page } = renderPanel();
    page.batch([...page.event('chat:said', { message: 'he said "hi"' }), ...page.event('file:opened', { path: 'C:\\Users\\ann' })]);
    search('said "hi"');
    expect(rowTypes()).toEqual(['chat:said']);
    search('C:\\Users');
    expect(rowTypes()).toEqual(['file:opened']);
  });

  it('takes regex special characters literally when regex is off, and finds unicode text in any case', () => {
    const { page } = renderPanel();
    page.batch([...page.event('price:set', { label: '(a+)+$ [x] Ünïcödé 🛒' }), ...page.event('other', {})]);
    search('(a+)+$ [x]');
    expect(rowTypes()).toEqual(['price:set']);
    search('ünïcÖdé 🛒');
    expect(rowTypes()).toEqual(['price:set']);
    search('x'.repeat(100_000));
    expect(rows()).toHaveLength(0);
    search('   ');
    expect(rowTypes()).toEqual(['price:set', 'other']);
  });
});

describe('the type and bus filters', () => {
  it('keep showing the type being filtered on after its events are cleared, so the empty log is explained', () => {
    const { page } = renderPanel();
    page.batch([...page.event('cart:add', {}), ...page.event('order:placed', {})]);
    const typeFilter = screen.getByRole('combobox', { name: 'Event type' }) as HTMLSelectElement;
    fireEvent.change(typeFilter, { target: { value: 'cart:add' } });
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    page.batch(page.event('order:placed', {}));
    expect(rows()).toHaveLength(0);
    expect(typeFilter.value).toBe('cart:add');
    fireEvent.change(typeFilter, { target: { value: '' } });
    expect(rowTypes()).toEqual(['order:placed']);
  });

  it('keep showing the bus being filtered on when it is the only one left in the list', () => {
    const { page, model } = renderPanel();
    const other = { source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId: 'session-cart', instanceId: 'cart-1' } as const;
    page.deliver({
      kind: 'page',
      message: { ...other, kind: 'hello', instance: { ...page.info, id: 'cart-1', name: 'cart', streaming: true } },
    });
    const cartKey = [...model.instances.getState().instances.keys()].find((key) => key.endsWith('cart-1')) as string;
    fireEvent.change(screen.getByRole('combobox', { name: 'Bus' }), { target: { value: cartKey } });
    page.batch(page.event('from-shop', {}));
    expect(rows()).toHaveLength(0);
    // The filtered bus is forgotten (as past the instance caps): the filter still applies, so it must still show.
    act(() => {
      model.instances.setState({ instances: new Map([...model.instances.getState().instances].filter(([key]) => key !== cartKey)) });
    });
    const busFilter = screen.getByRole('combobox', { name: 'Bus' }) as HTMLSelectElement;
    expect(busFilter.value).toBe(cartKey);
    fireEvent.change(busFilter, { target: { value: '' } });
    expect(rowTypes()).toEqual(['from-shop']);
  });
});

describe('the event count', () => {
  it('speaks of one event in the singular', async () => {
    const { page } = renderPanel();
    page.batch([...page.event('cart:add', {}), ...page.event('order:placed', {})]);
    search('order');
    expect(screen.getByTestId('event-count').textContent).toBe('1 of 2 events');
    search('');
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    page.batch(page.event('cart:add', {}));
    await waitFor(() => expect(screen.getByTestId('event-count').textContent).toBe('1 event'));
  });

  it('says when the filter hides every event, apart from an empty log', () => {
    const { page } = renderPanel();
    expect(screen.getByRole('region', { name: 'Event log' }).textContent).toContain('No events yet.');
    page.batch(page.event('cart:add', {}));
    search('nothing-matches');
    expect(screen.getByRole('region', { name: 'Event log' }).textContent).toContain('No event matches the filter.');
  });
});

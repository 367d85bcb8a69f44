// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelMessage } from '../../src/devtools/protocol';
import { openEventDetail, renderPanel } from './render-panel';

afterEach(cleanup);

type DispatchMessage = Extract<PanelMessage, { kind: 'dispatch' }>;

const dispatchView = () => screen.getByRole('region', { name: 'Dispatch' });
const payloadField = () => within(dispatchView()).getByRole<HTMLTextAreaElement>('textbox', { name: 'Payload JSON' });
const notes = () => within(dispatchView()).queryByRole('list', { name: 'Payload notes' });
const noteTexts = () =>
  within(notes() as HTMLElement)
    .getAllByRole('listitem')
    .map((item) => item.textContent);

describe('"Edit in Dispatch" on an event', () => {
  it('is offered on every event when the page allowed dispatch, and opens the Dispatch view filled in', () => {
    const { page, model } = renderPanel({ allowDispatch: true });
    page.batch([...page.event('cart:add', { sku: 'A1', qty: 2 }), ...page.event('order:placed', { orderId: 'o-1' })]);
    const detail = openEventDetail('cart:add');
    fireEvent.click(within(detail).getByRole('button', { name: 'Edit in Dispatch' }));

    expect(screen.getByRole('tab', { name: 'Dispatch' }).getAttribute('aria-selected')).toBe('true');
    expect(within(dispatchView()).getByRole<HTMLInputElement>('textbox', { name: 'Event type to dispatch' }).value).toBe('cart:add');
    expect(JSON.parse(payloadField().value)).toEqual({ sku: 'A1', qty: 2 });
    expect(within(dispatchView()).getByRole<HTMLSelectElement>('combobox', { name: 'Dispatch target' }).value).toBe(
      model.events.getState().records[0]?.instanceKey,
    );
    expect(notes()).toBeNull();

    fireEvent.change(payloadField(), { target: { value: '{"sku":"A1","qty":5}' } });
    fireEvent.click(within(dispatchView()).getByRole('button', { name: 'Dispatch' }));
    expect(page.sent.at(-1)).toMatchObject({ kind: 'dispatch', mode: 'dispatch', eventType: 'cart:add', payload: { sku: 'A1', qty: 5 } });

    fireEvent.click(screen.getByRole('tab', { name: 'Events' }));
    expect(within(openEventDetail('order:placed')).getByRole('button', { name: 'Edit in Dispatch' })).toBeTruthy();
  });

  it('is not offered when the page did not allow dispatch, nor once its bus is gone', () => {
    const { page } = renderPanel({ allowDispatch: false });
    page.batch(page.event('cart:add', { sku: 'A1' }));
    const detail = openEventDetail('cart:add');
    expect(within(detail).getByRole('button', { name: 'Replay' })).toBeTruthy();
    expect(within(detail).queryByRole('button', { name: 'Edit in Dispatch' })).toBeNull();

    cleanup();
    const allowed = renderPanel({ allowDispatch: true });
    allowed.page.batch(allowed.page.event('cart:add', { sku: 'A1' }));
    expect(within(openEventDetail('cart:add')).getByRole('button', { name: 'Edit in Dispatch' })).toBeTruthy();
    allowed.page.goodbye();
    expect(
      within(screen.getByRole('complementary', { name: 'Event detail' })).queryByRole('button', { name: 'Edit in Dispatch' }),
    ).toBeNull();
  });

  it('prefills a payload with markers as the page reads them back, and says what cannot be edited as JSON', () => {
    const { page } = renderPanel({ allowDispatch: true });
    const recorded = {
      at: { $hubbub: 'date', iso: '2026-01-02T03:04:05.000Z' },
      lines: { $hubbub: 'map', size: 1, entries: [['A1', 2]] },
      tags: { $hubbub: 'set', size: 500, values: ['a', 'b'] },
      order: { $hubbub: 'instance', className: 'Order', fields: { id: 'o-1', card: { $hubbub: 'redacted' } } },
      onDone: { $hubbub: 'function', name: 'notify' },
    };
    page.batch(page.event('order:placed', recorded));
    fireEvent.click(within(openEventDetail('order:placed')).getByRole('button', { name: 'Edit in Dispatch' }));

    // The recorded markers stay in the JSON: the page turns Date, Map, Set back into values.
    expect(JSON.parse(payloadField().value)).toEqual(recorded);
    expect(payloadField().getAttribute('aria-describedby')).toBe(notes()?.id);
    expect(noteTexts()).toEqual([
      'Not recorded, so not editable as JSON: order.card ([redacted]), onDone (ƒ notify()). Replace or remove them: the page refuses the payload as it is.',
      'Recorded only in part (first entries): tags (Set(500)). Only those are sent.',
      'The page turns these markers back into values: at (Date 2026-01-02T03:04:05.000Z), lines (Map(1)), tags (Set(500)).',
      "Class instances are sent as their fields, a plain object (a registry that knows the event type rebuilds the event's own class, not those inside it): order (Order).",
    ]);

    // Edited away, the lost values are no longer reported.
    const edited = { ...recorded, order: { ...recorded.order, fields: { id: 'o-1', card: '4242' } }, onDone: null };
    fireEvent.change(payloadField(), { target: { value: JSON.stringify(edited) } });
    expect(noteTexts()[0]).toBe('Recorded only in part (first entries): tags (Set(500)). Only those are sent.');
    fireEvent.click(within(dispatchView()).getByRole('button', { name: 'Dispatch' }));
    expect((page.sent.at(-1) as DispatchMessage).payload).toEqual(edited);
  });

  it('prefills an event published with no payload as an empty payload', () => {
    const { page } = renderPanel({ allowDispatch: true });
    page.batch(page.event('app:ready', { $hubbub: 'undefined' }));
    fireEvent.click(within(openEventDetail('app:ready')).getByRole('button', { name: 'Edit in Dispatch' }));
    expect(payloadField().value).toBe('');
    fireEvent.click(within(dispatchView()).getByRole('button', { name: 'Dispatch' }));
    expect(page.sent.at(-1)).toMatchObject({ kind: 'dispatch', eventType: 'app:ready', payload: undefined });
  });

  it('is offered once when a replay the page allowed was refused', () => {
    const { page } = renderPanel({ allowDispatch: true });
    page.batch(page.event('cart:add', { secret: { $hubbub: 'redacted' } }));
    const detail = openEventDetail('cart:add');
    fireEvent.click(within(detail).getByRole('button', { name: 'Replay' }));
    page.dispatchResult((page.sent.at(-1) as DispatchMessage).requestId, false);
    expect(within(detail).getByRole('alert').textContent).toBe('replay refused: This bus does not allow dispatch.');
    expect(within(detail).getAllByRole('button', { name: 'Edit in Dispatch' })).toHaveLength(1);
  });
});

describe('the version an event was recorded at', () => {
  it('goes with its Replay and its Edit in Dispatch, so the page’s registry upcasts the payload; not with another type', () => {
    const { page } = renderPanel({ allowDispatch: true });
    page.batch([...page.event('ProductReviewed', { sku: 'tea', rating: 4 }, { version: 1 }), ...page.event('cart:add', { sku: 'A1' })]);
    const lastSent = () => page.sent.at(-1) as DispatchMessage;

    fireEvent.click(within(openEventDetail('ProductReviewed')).getByRole('button', { name: 'Replay' }));
    expect(lastSent()).toMatchObject({ kind: 'dispatch', mode: 'replay', eventType: 'ProductReviewed', eventVersion: 1 });
    fireEvent.click(within(openEventDetail('cart:add')).getByRole('button', { name: 'Replay' }));
    expect('eventVersion' in lastSent()).toBe(false);

    fireEvent.click(screen.getByRole('tab', { name: 'Events' }));
    fireEvent.click(within(openEventDetail('ProductReviewed')).getByRole('button', { name: 'Edit in Dispatch' }));
    expect(within(dispatchView()).getByText(/Recorded at version 1 of ProductReviewed/)).toBeTruthy();
    fireEvent.click(within(dispatchView()).getByRole('button', { name: 'Dispatch' }));
    expect(lastSent()).toMatchObject({
      mode: 'dispatch',
      eventType: 'ProductReviewed',
      eventVersion: 1,
      payload: { sku: 'tea', rating: 4 },
    });

    const typeField = within(dispatchView()).getByRole('textbox', { name: 'Event type to dispatch' });
    fireEvent.change(typeField, { target: { value: 'ProductRated' } });
    expect(within(dispatchView()).queryByText(/Recorded at version/)).toBeNull();
    fireEvent.click(within(dispatchView()).getByRole('button', { name: 'Dispatch' }));
    expect(lastSent()).toMatchObject({ eventType: 'ProductRated' });
    expect('eventVersion' in lastSent()).toBe(false);
  });
});

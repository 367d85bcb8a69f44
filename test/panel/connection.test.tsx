// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SOURCE, type PanelMessage, PROTOCOL_VERSION } from '../../src/devtools/protocol';
import { renderPanel } from './render-panel';

afterEach(cleanup);

describe('the link to the page', () => {
  it('shows a protocol version mismatch as a message instead of reading the stream', () => {
    const { page } = renderPanel({ hello: false });
    page.deliver({ kind: 'rejected', reason: 'version-mismatch', version: 7 });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('protocol version 7');
    expect(alert.textContent).toContain(`reads version ${PROTOCOL_VERSION}`);
    expect(alert.textContent).toContain('Use the same Hubbub version');
  });

  it('says so when a batch cannot be read, and keeps reading the next ones', () => {
    const { page } = renderPanel();
    page.deliver({
      kind: 'page',
      message: {
        source: PAGE_SOURCE,
        version: PROTOCOL_VERSION,
        sessionId: 's',
        instanceId: page.instanceId,
        kind: 'batch',
        entries: '[{',
        count: 1,
        dropped: 0,
      },
    });
    expect(screen.getByText(/A batch from the page could not be read/)).toBeTruthy();
  });

  it('tells to reload a tab that has no content script', () => {
    const { page } = renderPanel({ hello: false });
    page.deliver({ kind: 'status', status: 'no-content-script' });
    expect(screen.getByRole('alert').textContent).toContain('Reload the page');
  });

  it('says how to connect while no bus has spoken, and connects a bus that announces itself', () => {
    const { page } = renderPanel({ hello: false });
    expect(screen.getByRole('status').textContent).toContain('connectDevtools(bus)');
    page.sent.length = 0;
    page.hello(false);
    expect(page.sent).toEqual([expect.objectContaining({ kind: 'connect', instanceId: page.instanceId })]);
    expect(screen.queryByText(/Waiting for a Hubbub bus/)).toBeNull();
  });

  it('shows a refused dispatch with the page’s reason', () => {
    const { page } = renderPanel();
    fireEvent.click(screen.getByRole('tab', { name: 'Dispatch' }));
    expect(screen.getByText(/This page did not allow dispatch/)).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Event type to dispatch' }), { target: { value: 'cart:add' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Payload JSON' }), { target: { value: '{"sku":"A1"}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Dispatch' }));
    const sent = page.sent.at(-1) as Extract<PanelMessage, { kind: 'dispatch' }>;
    expect(sent).toMatchObject({
      kind: 'dispatch',
      eventType: 'cart:add',
      payload: { sku: 'A1' },
      mode: 'dispatch',
      instanceId: page.instanceId,
    });
    const results = screen.getByRole('list', { name: 'Dispatch results' });
    expect(results.textContent).toContain('sent');
    page.dispatchResult(sent.requestId, false);
    expect(results.textContent).toContain('refused: This bus does not allow dispatch.');
  });

  it('explains a payload that is not JSON instead of sending it', () => {
    const { page } = renderPanel({ allowDispatch: true });
    fireEvent.click(screen.getByRole('tab', { name: 'Dispatch' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Event type to dispatch' }), { target: { value: 'cart:add' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Payload JSON' }), { target: { value: '{sku:' } });
    const before = page.sent.length;
    fireEvent.click(screen.getByRole('button', { name: 'Dispatch' }));
    expect(screen.getByRole('alert').textContent).toContain('The payload is not valid JSON');
    expect(page.sent.length).toBe(before);
  });

  it('lists subscriptions in the order handlers run', () => {
    const { page } = renderPanel();
    page.snapshot([
      { id: 1, type: 'cart:add', isClass: false, label: 'badge', priority: 0, once: false },
      { id: 2, type: '*', isClass: false, label: 'logger', priority: 10, once: false },
      { id: 3, type: 'OrderEvent', isClass: true, label: 'saga', priority: 0, once: true },
    ]);
    page.batch([
      {
        type: 'subscription',
        seq: page.nextSeq(),
        change: 'added',
        subscription: { id: 4, type: 'cart:add', isClass: false, label: 'late', priority: 5, once: false },
      },
    ]);
    fireEvent.click(screen.getByRole('tab', { name: 'Subscriptions' }));
    const table = within(screen.getByRole('region', { name: 'Subscriptions' })).getByRole('table');
    const labels = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.children[2]?.textContent);
    expect(labels).toEqual(['logger', 'late', 'badge', 'saga']);
  });

  it('counts events per type and lists the slowest handlers', () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('cart:add', {}, { handlers: [{ label: 'fast', duration: 1 }] }),
      ...page.event('cart:add', {}, { handlers: [{ label: 'slow', duration: 80 }] }),
      ...page.event('order:placed', {}, { handlers: [{ label: 'medium', duration: 20, error: { name: 'Error', message: 'x' } }] }),
    ]);
    fireEvent.click(screen.getByRole('tab', { name: 'Stats' }));
    const [byType, slowest] = within(screen.getByRole('region', { name: 'Stats' })).getAllByRole('table');
    const typeRows = within(byType as HTMLElement)
      .getAllByRole('row')
      .slice(1);
    expect(typeRows.map((r) => [r.children[0]?.textContent, r.children[1]?.textContent, r.children[3]?.textContent])).toEqual([
      ['cart:add', '2', '0'],
      ['order:placed', '1', '1'],
    ]);
    const slowRows = within(slowest as HTMLElement)
      .getAllByRole('row')
      .slice(1);
    expect(slowRows.map((r) => r.children[0]?.textContent)).toEqual(['slow', 'medium', 'fast']);
  });

  it('replays an event from its detail and shows the page’s answer there', () => {
    const { page } = renderPanel();
    page.batch(page.event('cart:add', { sku: 'A1' }));
    fireEvent.click(within(screen.getByRole('listbox', { name: 'Events' })).getByRole('option'));
    const detail = screen.getByRole('complementary', { name: 'Event detail' });
    fireEvent.click(within(detail).getByRole('button', { name: 'Replay' }));
    const sent = page.sent.at(-1) as Extract<PanelMessage, { kind: 'dispatch' }>;
    expect(sent).toMatchObject({ kind: 'dispatch', mode: 'replay', eventType: 'cart:add', payload: { sku: 'A1' } });
    expect(detail.textContent).toContain('replaying…');
    page.dispatchResult(sent.requestId, false);
    expect(within(detail).getByRole('alert').textContent).toBe('replay refused: This bus does not allow dispatch. Edit in Dispatch');
    fireEvent.click(within(detail).getByRole('button', { name: 'Replay' }));
    page.dispatchResult((page.sent.at(-1) as Extract<PanelMessage, { kind: 'dispatch' }>).requestId, true);
    expect(detail.textContent).toContain('replayed as d1');
  });

  it('a refused replay opens in the Dispatch view to edit: type, payload JSON and bus filled in, once', () => {
    const { page } = renderPanel();
    page.batch(page.event('cart:add', { sku: 'A1', fn: { $hubbub: 'function', name: 'format' } }));
    fireEvent.click(within(screen.getByRole('listbox', { name: 'Events' })).getByRole('option'));
    const detail = screen.getByRole('complementary', { name: 'Event detail' });
    fireEvent.click(within(detail).getByRole('button', { name: 'Replay' }));
    page.dispatchResult((page.sent.at(-1) as Extract<PanelMessage, { kind: 'dispatch' }>).requestId, false);
    fireEvent.click(within(detail).getByRole('button', { name: 'Edit in Dispatch' }));
    const view = screen.getByRole('region', { name: 'Dispatch' });
    expect(within(view).getByRole<HTMLInputElement>('textbox', { name: 'Event type to dispatch' }).value).toBe('cart:add');
    const payload = within(view).getByRole<HTMLTextAreaElement>('textbox', { name: 'Payload JSON' });
    expect(JSON.parse(payload.value)).toEqual({ sku: 'A1', fn: { $hubbub: 'function', name: 'format' } });
    // Edited and sent from there; opened again later, the view starts empty.
    fireEvent.change(payload, { target: { value: '{"sku":"A1"}' } });
    fireEvent.click(within(view).getByRole('button', { name: 'Dispatch' }));
    expect(page.sent.at(-1)).toMatchObject({ kind: 'dispatch', mode: 'dispatch', eventType: 'cart:add', payload: { sku: 'A1' } });
    fireEvent.click(screen.getByRole('tab', { name: 'Events' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Dispatch' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Event type to dispatch' }).value).toBe('');
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEntry } from '../../src/devtools/protocol';
import { renderPanel } from './render-panel';

afterEach(cleanup);

describe('the Sagas view', () => {
  it('shows each saga key with its state and received steps, and links to the events that moved it', async () => {
    const { page } = renderPanel();
    const payment = page.event('PaymentProcessed', { orderId: 'o-1' }, { id: 'p1' });
    const inventory = page.event('InventoryReserved', { orderId: 'o-1' }, { id: 'i1' });
    const saga = (status: 'started' | 'completed' | 'timedOut', received: string[], eventId?: string): StreamEntry => ({
      type: 'saga',
      seq: page.nextSeq(),
      saga: 'fulfillment',
      key: 'o-1',
      status,
      received,
      ...(eventId === undefined ? {} : { eventId }),
    });
    page.batch([...payment, saga('started', ['PaymentProcessed'], 'p1')]);
    fireEvent.click(screen.getByRole('tab', { name: 'Sagas' }));
    const row = () => within(screen.getByRole('region', { name: 'Sagas' })).getByTestId('saga');
    expect(row().textContent).toContain('pending');
    page.batch([...inventory, saga('completed', ['PaymentProcessed', 'InventoryReserved'], 'i1')]);
    await waitFor(() => expect(row().textContent).toContain('completed'));
    expect(row().textContent).toContain('PaymentProcessed, InventoryReserved');

    fireEvent.click(within(row()).getByRole('button', { name: 'i1' }));
    expect(screen.getByRole('tab', { name: 'Events' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('complementary', { name: 'Event detail' }).textContent).toContain('InventoryReserved');
  });

  it('says so when no saga reported, and shows a timeout', () => {
    const { page } = renderPanel();
    fireEvent.click(screen.getByRole('tab', { name: 'Sagas' }));
    expect(screen.getByRole('region', { name: 'Sagas' }).textContent).toContain('No saga has reported yet');
    page.batch([
      { type: 'saga', seq: page.nextSeq(), saga: 'fulfillment', key: 'o-9', status: 'timedOut', received: ['PaymentProcessed'] },
    ]);
    expect(within(screen.getByRole('region', { name: 'Sagas' })).getByTestId('saga').textContent).toContain('timed out');
  });

  it('keeps a completed key completed when a late duplicate is ignored, and lists the duplicate', async () => {
    const { page } = renderPanel();
    const entry = (status: 'completed' | 'duplicate', eventId: string): StreamEntry => ({
      type: 'saga',
      seq: page.nextSeq(),
      saga: 'fulfillment',
      key: 'o-2',
      status,
      received: ['PaymentProcessed', 'InventoryReserved'],
      eventId,
    });
    page.batch([...page.event('InventoryReserved', { orderId: 'o-2' }, { id: 'i2' }), entry('completed', 'i2')]);
    page.batch([...page.event('PaymentProcessed', { orderId: 'o-2' }, { id: 'p2' }), entry('duplicate', 'p2')]);
    fireEvent.click(screen.getByRole('tab', { name: 'Sagas' }));
    const row = within(screen.getByRole('region', { name: 'Sagas' })).getByTestId('saga');
    expect(row.textContent).toContain('completed');
    expect(row.textContent).not.toContain('duplicate ignored');
    expect(within(row).getByRole('button', { name: 'p2' })).toBeTruthy();
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const rowTypes = () =>
  within(screen.getByRole('listbox', { name: 'Events' }))
    .queryAllByRole('option')
    .map((row) => row.getAttribute('data-event-type'));
const outcome = (value: string) => fireEvent.change(screen.getByRole('combobox', { name: 'Outcome' }), { target: { value } });

describe('filtering by outcome', () => {
  it('shows only failed, only blocked, or every problem', () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('cart:add', {}, { handlers: [{ label: 'ok' }] }),
      ...page.event('admin:delete', {}, { middleware: [{ name: 'auth', decision: 'blocked' }] }),
      ...page.event('payment:charge', {}, { handlers: [{ label: 'gateway', error: { name: 'Error', message: 'declined' } }] }),
    ]);
    outcome('failed');
    expect(rowTypes()).toEqual(['payment:charge']);
    outcome('blocked');
    expect(rowTypes()).toEqual(['admin:delete']);
    outcome('problems');
    expect(rowTypes()).toEqual(['admin:delete', 'payment:charge']);
    outcome('');
    expect(rowTypes()).toEqual(['cart:add', 'admin:delete', 'payment:charge']);
  });

  it('catches an event whose handler fails after it was listed (an async handler)', async () => {
    const { page } = renderPanel();
    outcome('failed');
    const [started, ...finished] = page.event(
      'upload',
      {},
      { handlers: [{ label: 'send', error: { name: 'Error', message: 'offline' } }] },
    );
    page.batch([started as NonNullable<typeof started>, ...page.event('fine', {})]);
    await waitFor(() => expect(screen.getByTestId('event-count').textContent).toBe('0 of 2 events'));
    page.batch(finished);
    await waitFor(() => expect(rowTypes()).toEqual(['upload']));
  });
});

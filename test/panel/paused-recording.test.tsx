// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const rowTypes = () =>
  within(screen.getByRole('listbox', { name: 'Events' }))
    .queryAllByRole('option')
    .map((row) => row.getAttribute('data-event-type'));

describe('pause, resume and clear while events stream', () => {
  it('still completes an event recorded before the pause whose handlers finish during it', () => {
    const { page, model } = renderPanel();
    const [started, ...finished] = page.event('checkout', {}, { handlers: [{ label: 'charge', duration: 40 }] });
    page.batch([started as NonNullable<typeof started>]);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    page.batch([...finished, ...page.event('while-paused', {}, { handlers: [{ label: 'x' }] })]);
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    const [checkout, ...others] = model.events.getState().records;
    expect(others).toHaveLength(0);
    expect(checkout?.status).toBe('ok');
    expect(checkout?.handlers.map((run) => run.label)).toEqual(['charge']);
  });

  it('does not record what happened while paused, even when its parts come after the resume', async () => {
    const { page } = renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    const [started, ...finished] = page.event('while-paused', {}, { handlers: [{ label: 'x' }] });
    page.batch([started as NonNullable<typeof started>]);
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    page.batch([...finished, ...page.event('after', {})]);
    await waitFor(() => expect(rowTypes()).toEqual(['after']));
  });

  it('does not log again what the page re-sends after a clear, and logs what comes next', async () => {
    const { page } = renderPanel();
    const history = [...page.event('before', {}), ...page.event('also-before', {})];
    page.batch(history);
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    page.batch(history);
    page.batch(page.event('after', {}));
    await waitFor(() => expect(rowTypes()).toEqual(['after']));
  });
});

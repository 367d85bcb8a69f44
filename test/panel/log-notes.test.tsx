// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const count = () => screen.getByTestId('event-count').textContent;

describe('what the log says it did not keep', () => {
  it('says how many of the oldest events the max-events setting let go', async () => {
    const { page } = renderPanel({ settings: { maxEvents: 100 } });
    page.batch(Array.from({ length: 250 }, (_, i) => page.event(`tick:${i}`, {})).flat());
    await waitFor(() => expect(count()).toBe('100 events'));
    expect(screen.getByTestId('evicted').textContent).toBe(' · 150 oldest not kept (max events)');
  });

  it('starts both counts over on Clear: the events let go and the entries the page’s buffer dropped', async () => {
    const { page } = renderPanel({ settings: { maxEvents: 100 } });
    page.batch(Array.from({ length: 120 }, (_, i) => page.event(`tick:${i}`, {})).flat(), 7);
    await waitFor(() => expect(screen.getByTestId('evicted').textContent).toContain('20 oldest not kept'));
    expect(screen.getByText(/7 entries dropped by the page's buffer/)).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(count()).toBe('0 events'));
    expect(screen.queryByTestId('evicted')).toBeNull();
    expect(screen.queryByText(/dropped by the page's buffer/)).toBeNull();

    // New drops count from zero.
    page.batch(page.event('after', {}), 2);
    await waitFor(() => expect(screen.getByText(/2 entries dropped by the page's buffer/)).toBeDefined());
  });
});

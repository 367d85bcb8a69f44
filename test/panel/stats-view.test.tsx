// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventRecord } from '../../src/devtools/panel/model/event-record';
import { computeStats } from '../../src/devtools/panel/model/stats';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const openStats = () => {
  fireEvent.click(screen.getByRole('tab', { name: 'Stats' }));
  return screen.getByRole('region', { name: 'Stats' });
};

describe('the Stats view', () => {
  it('says there is nothing to count yet instead of showing empty tables', () => {
    renderPanel();
    expect(openStats().textContent).toContain('No events recorded yet.');
  });

  it('lists every slow run of handlers sharing a label (anonymous ones), each once', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { page } = renderPanel();
    page.batch(
      page.event(
        'cart:add',
        {},
        {
          handlers: [
            { label: '', duration: 3 },
            { label: '', duration: 3 },
          ],
        },
      ),
    );
    const stats = openStats();
    const slowRows = within(within(stats).getAllByRole('table')[1] as HTMLElement)
      .getAllByRole('row')
      .slice(1);
    expect(slowRows).toHaveLength(2);
    // An anonymous handler is named by its subscription, as the Pipeline does.
    expect(slowRows.map((row) => row.textContent)).toEqual(['#1cart:add3.00 ms', '#2cart:add3.00 ms']);
    expect(errors.mock.calls.flat().join(' ')).not.toContain('same key');
    errors.mockRestore();
  });

  it('gives no rate for a type seen once (one event has no span), rather than 0 per second', () => {
    const { page } = renderPanel();
    page.batch(page.event('once', {}));
    const row = within(openStats()).getByRole('row', { name: /once/ });
    expect(row.textContent).toBe('once1—00');
  });
});

describe('computeStats on a hostile or imported log', () => {
  const record = (key: string, timestamp: number, durations: number[]): EventRecord =>
    ({
      key,
      eventType: 'x',
      timestamp,
      status: 'ok',
      handlers: durations.map((duration, i) => ({
        type: 'handler',
        seq: i,
        eventId: key,
        subscriptionId: i,
        label: `h${i}`,
        duration,
        outcome: 'ok',
        async: false,
      })),
    }) as unknown as EventRecord;

  it('keeps runs of unknown duration out of the slowest list, and orders the rest', () => {
    const { slowest, types } = computeStats(
      [record('a', 0, [Number.NaN, 5, 1]), record('b', Number.NaN, [Number.POSITIVE_INFINITY, 7])],
      3,
    );
    expect(slowest.map((run) => run.duration)).toEqual([7, 5, 1]);
    expect(types[0]?.count).toBe(2);
    expect(Number.isNaN(types[0]?.perSecond)).toBe(false);
  });
});

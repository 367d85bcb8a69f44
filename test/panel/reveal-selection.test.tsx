// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROW_HEIGHT } from '../../src/devtools/panel/ui/EventRow';
import type { StreamEntry } from '../../src/devtools/protocol';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const VIEW_HEIGHT = 600;

// happy-dom has no layout: the log's scroll box gets the height of its rows, and a viewport, so the
// virtual list can scroll as in a browser.
const isLog = (el: Element) => el.classList.contains('hb-log-scroll');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return isLog(this) ? Number.parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? '0') || 0 : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return isLog(this) ? VIEW_HEIGHT : 0;
    },
  });
});
afterAll(() => {
  Reflect.deleteProperty(HTMLElement.prototype, 'scrollHeight');
  Reflect.deleteProperty(HTMLElement.prototype, 'clientHeight');
});

const list = () => screen.getByRole('listbox', { name: 'Events' });
/** Whether the row at `index` of the list is inside its viewport. */
const inView = (index: number) => list().scrollTop <= index * ROW_HEIGHT && (index + 1) * ROW_HEIGHT <= list().scrollTop + VIEW_HEIGHT;
const search = (text: string) => fireEvent.change(screen.getByRole('searchbox', { name: 'Filter events' }), { target: { value: text } });
const ticks = (page: ReturnType<typeof renderPanel>['page'], count: number) =>
  Array.from({ length: count }, (_, i) => page.event(`tick:${i}`, {})).flat();

describe('an event selected outside the list', () => {
  it('is scrolled into view when picked in the causation tree', () => {
    const { page } = renderPanel();
    page.batch([...page.event('order:placed', {}, { id: 'root' }), ...ticks(page, 500)]);
    page.batch(page.event('order:shipped', {}, { causationId: 'root', correlationId: 'root', depth: 1 }));
    const root = within(list())
      .getAllByRole('option')
      .find((row) => row.getAttribute('data-event-type') === 'order:placed');
    fireEvent.click(root as HTMLElement);
    expect(list().scrollTop).toBe(0);
    fireEvent.click(screen.getByRole('tab', { name: 'Causation' }));
    fireEvent.click(within(screen.getByRole('list', { name: 'Causation tree' })).getByRole('button', { name: 'order:shipped' }));
    expect(inView(501)).toBe(true);
    fireEvent.scroll(list());
    expect(
      within(list())
        .getAllByRole('option')
        .some((row) => row.getAttribute('data-event-type') === 'order:shipped'),
    ).toBe(true);
  });

  it('is scrolled into view when opened from a saga’s "moved by" link', () => {
    const { page } = renderPanel();
    const saga: StreamEntry = {
      type: 'saga',
      seq: 0,
      saga: 'fulfillment',
      key: 'o-1',
      status: 'started',
      received: ['PaymentProcessed'],
      eventId: 'p1',
    };
    page.batch(ticks(page, 400));
    page.batch([...page.event('PaymentProcessed', { orderId: 'o-1' }, { id: 'p1' }), { ...saga, seq: page.nextSeq() }]);
    page.batch(ticks(page, 400));
    fireEvent.click(screen.getByRole('tab', { name: 'Sagas' }));
    fireEvent.click(within(screen.getByRole('region', { name: 'Sagas' })).getByRole('button', { name: 'p1' }));
    expect(inView(400)).toBe(true);
  });

  it('stays in view when the filter is cleared, instead of the list jumping to the top', () => {
    const { page } = renderPanel();
    page.batch([...ticks(page, 300), ...page.event('needle', {}), ...ticks(page, 300)]);
    search('needle');
    fireEvent.click(within(list()).getByRole('option'));
    search('');
    expect(inView(300)).toBe(true);
  });

  it('says when the filter hides the selected event', () => {
    const { page, model } = renderPanel();
    page.batch([...page.event('cart:add', {}), ...page.event('order:placed', {})]);
    const [first] = model.events.getState().records;
    act(() => model.selection.getState().select(first?.key));
    expect(screen.queryByTestId('selection-hidden')).toBeNull();
    search('order');
    expect(screen.getByTestId('selection-hidden').textContent).toBe(' · selected event hidden by the filter');
    search('');
    expect(screen.queryByTestId('selection-hidden')).toBeNull();
  });
});

describe('keys in a list that follows the tail', () => {
  it('Home right after a batch goes to the first event and stays there: the follow that batch scheduled does not pull the list back down', async () => {
    const { page } = renderPanel();
    page.batch(ticks(page, 300));
    // Let the list settle at its tail, following new events.
    await act(() => new Promise((done) => setTimeout(done, 50)));
    expect(list().scrollTop).toBeGreaterThanOrEqual(list().scrollHeight - VIEW_HEIGHT);
    // A batch arrives (its follow waits for the next frame), and the user presses Home before that frame.
    page.batch(ticks(page, 200));
    fireEvent.keyDown(list(), { key: 'Home' });
    expect(inView(0)).toBe(true);
    await act(() => new Promise((done) => setTimeout(done, 50)));
    expect(list().getAttribute('aria-activedescendant')).toBe(within(list()).getAllByRole('option')[0]?.id);
    expect(inView(0)).toBe(true);
  });
});

// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const list = () => screen.getByRole('listbox', { name: 'Events' });
const rows = () => within(list()).queryAllByRole('option');
const selectedType = () =>
  rows()
    .find((row) => row.getAttribute('aria-selected') === 'true')
    ?.getAttribute('data-event-type');

describe('the event list and the keyboard', () => {
  it('keeps keyboard focus on the list when a row is clicked, so arrows keep working once that row scrolls away', () => {
    const { page } = renderPanel();
    page.batch([...page.event('a', {}), ...page.event('b', {}), ...page.event('c', {})]);
    const [first] = rows();
    fireEvent.mouseDown(first as HTMLElement);
    fireEvent.click(first as HTMLElement);
    expect(document.activeElement).toBe(list());
    // A row is reached through the list (aria-activedescendant), never focused itself: a virtual row can be unmounted under focus.
    expect(rows().every((row) => !row.hasAttribute('tabindex'))).toBe(true);
    fireEvent.keyDown(list(), { key: 'ArrowDown' });
    expect(selectedType()).toBe('b');
    expect(list().getAttribute('aria-activedescendant')).toBe(rows()[1]?.id);
  });

  it('tells assistive technology where each rendered row sits in the whole log', () => {
    const { page } = renderPanel({ settings: { maxEvents: 5_000 } });
    page.batch(Array.from({ length: 2_000 }, (_, i) => page.event(`tick:${i}`, {})).flat());
    const second = rows().find((row) => row.getAttribute('data-event-type') === 'tick:1');
    expect(second?.getAttribute('aria-setsize')).toBe('2000');
    expect(second?.getAttribute('aria-posinset')).toBe('2');
  });

  it('moves by pages and stays within the list at both ends', () => {
    const { page, model } = renderPanel();
    // Rows far from the top are not rendered in a DOM without layout: read the selection from the model.
    const selectedType = () => {
      const key = model.selection.getState().selectedKey;
      return key === undefined ? undefined : model.events.getState().byKey(key)?.eventType;
    };
    page.batch(Array.from({ length: 100 }, (_, i) => page.event(`tick:${i}`, {})).flat());
    fireEvent.keyDown(list(), { key: 'Home' });
    fireEvent.keyDown(list(), { key: 'PageUp' });
    expect(selectedType()).toBe('tick:0');
    fireEvent.keyDown(list(), { key: 'ArrowUp' });
    expect(selectedType()).toBe('tick:0');
    fireEvent.keyDown(list(), { key: 'PageDown' });
    expect(selectedType()).not.toBe('tick:0');
    fireEvent.keyDown(list(), { key: 'End' });
    fireEvent.keyDown(list(), { key: 'PageDown' });
    expect(selectedType()).toBe('tick:99');
  });
});

describe('the selection when the ring buffer drops the selected event', () => {
  it('lets the selection go, so the log follows new events again and nothing points at a gone event', async () => {
    const { page, model } = renderPanel({ settings: { maxEvents: 100 } });
    page.batch(page.event('first', {}));
    fireEvent.click(rows()[0] as HTMLElement);
    expect(model.selection.getState().selectedKey).toBeDefined();
    page.batch(Array.from({ length: 150 }, () => page.event('tick', {})).flat());
    await act(async () => {});
    await waitFor(() => expect(model.selection.getState().selectedKey).toBeUndefined());
    expect(model.selection.getState().picked.size).toBe(0);
  });

  it('lets it go while another view is open, too', async () => {
    const { page, model } = renderPanel({ settings: { maxEvents: 100 } });
    page.batch(page.event('first', {}));
    fireEvent.click(rows()[0] as HTMLElement);
    fireEvent.click(screen.getByRole('tab', { name: 'Stats' }));
    page.batch(Array.from({ length: 150 }, () => page.event('tick', {})).flat());
    await waitFor(() => expect(model.selection.getState().selectedKey).toBeUndefined());
  });

  it('keeps the selection while the selected event is still recorded', async () => {
    const { page, model } = renderPanel({ settings: { maxEvents: 100 } });
    page.batch([...Array.from({ length: 20 }, () => page.event('tick', {})).flat(), ...page.event('chosen', {})]);
    fireEvent.click(rows().find((row) => row.getAttribute('data-event-type') === 'chosen') as HTMLElement);
    page.batch(Array.from({ length: 90 }, () => page.event('tick', {})).flat());
    await waitFor(() => expect(screen.getByTestId('event-count').textContent).toBe('100 events'));
    expect(model.selection.getState().selectedKey).toMatch(/#e21$/);
  });
});

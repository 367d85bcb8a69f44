// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createPanelModel } from '../../src/devtools/panel/model/panel-model';
import { App } from '../../src/devtools/panel/ui/App';
import { ModelProvider } from '../../src/devtools/panel/ui/model-context';
import { createFakePage } from './fake-page';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const filterBox = () => screen.getByRole<HTMLInputElement>('searchbox', { name: 'Filter events' });
const eventLog = () => screen.getByRole('listbox', { name: 'Events' });
/** Presses `key` on `target`; true when the panel took it (prevented the browser's own handling). */
const press = (target: Element, key: string, modifiers: { ctrlKey?: boolean; metaKey?: boolean } = {}) =>
  !fireEvent.keyDown(target, { key, ...modifiers });

const withTwoEvents = () => {
  const panel = renderPanel();
  panel.page.batch([...panel.page.event('cart:add', { sku: 'A1' }), ...panel.page.event('order:placed', { orderId: 'o-1' })]);
  return panel;
};

describe('the filter shortcut', () => {
  it("says its keys in the filter's placeholder, title and aria-keyshortcuts", () => {
    renderPanel();
    expect(filterBox().placeholder).toBe('Filter (press /): type, payload, handlers, errors');
    expect(filterBox().title).toBe('Filter events: press / or Ctrl+F to come here, Escape to clear');
    expect(filterBox().getAttribute('aria-keyshortcuts')).toBe('/ Control+F Meta+F');
  });

  it("'/' in the event log focuses the filter, and what is typed next filters", async () => {
    withTwoEvents();
    eventLog().focus();
    expect(press(eventLog(), '/')).toBe(true);
    expect(document.activeElement).toBe(filterBox());
    fireEvent.change(filterBox(), { target: { value: 'order' } });
    await waitFor(() => expect(within(eventLog()).getAllByRole('option')).toHaveLength(1));
  });

  it("'/' with nothing focused (the panel's page itself) focuses the filter", () => {
    renderPanel();
    expect(press(document.body, '/')).toBe(true);
    expect(document.activeElement).toBe(filterBox());
  });

  it('Ctrl+F and Cmd+F focus the filter from a button or a text field, and select what it holds', () => {
    renderPanel();
    fireEvent.change(filterBox(), { target: { value: 'cart' } });
    const pause = screen.getByRole('button', { name: 'Pause' });
    pause.focus();
    expect(press(pause, 'f', { ctrlKey: true })).toBe(true);
    expect(document.activeElement).toBe(filterBox());
    expect([filterBox().selectionStart, filterBox().selectionEnd]).toEqual([0, 4]);

    fireEvent.click(screen.getByRole('tab', { name: 'Dispatch' }));
    const payload = screen.getByRole('textbox', { name: 'Payload JSON' });
    payload.focus();
    expect(press(payload, 'F', { metaKey: true })).toBe(true);
    expect(document.activeElement).toBe(filterBox());
  });

  it("never takes '/' typed into a text field, nor keys pressed outside the panel", () => {
    renderPanel();
    fireEvent.click(screen.getByRole('tab', { name: 'Dispatch' }));
    const eventType = screen.getByRole('textbox', { name: 'Event type to dispatch' });
    eventType.focus();
    expect(press(eventType, '/')).toBe(false);
    expect(document.activeElement).toBe(eventType);
    filterBox().focus();
    expect(press(filterBox(), '/')).toBe(false);

    const outside = document.body.appendChild(document.createElement('button'));
    outside.focus();
    expect(press(outside, '/')).toBe(false);
    expect(press(outside, 'f', { ctrlKey: true })).toBe(false);
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('Escape in the filter clears it (and is kept from the host); with nothing to clear it passes on', async () => {
    const { model } = withTwoEvents();
    fireEvent.change(filterBox(), { target: { value: 'order' } });
    await waitFor(() => expect(within(eventLog()).getAllByRole('option')).toHaveLength(1));
    expect(press(filterBox(), 'Escape')).toBe(true);
    expect(filterBox().value).toBe('');
    expect(model.filters.getState().text).toBe('');
    await waitFor(() => expect(within(eventLog()).getAllByRole('option')).toHaveLength(2));
    expect(press(filterBox(), 'Escape')).toBe(false);
  });

  it("embedded in an app's page (a shadow root, as the floating panel), leaves the app's own '/' alone", () => {
    const host = document.body.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'open' });
    const container = shadow.appendChild(document.createElement('div'));
    const model = createPanelModel(createFakePage('shop').transport);
    const stop = model.start();
    render(
      <ModelProvider value={model}>
        <App embedded />
      </ModelProvider>,
      { container },
    );
    expect(press(document.body, '/')).toBe(false);
    const pause = within(container).getByRole('button', { name: 'Pause' });
    pause.focus();
    expect(press(pause, '/')).toBe(true);
    expect(shadow.activeElement).toBe(within(container).getByRole('searchbox', { name: 'Filter events' }));
    cleanup();
    stop();
    host.remove();
  });
});

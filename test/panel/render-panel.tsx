import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { StrictMode } from 'react';
import { createPanelModel, type PanelModelOptions } from '../../src/devtools/panel/model/panel-model';
import { App } from '../../src/devtools/panel/ui/App';
import { ModelProvider } from '../../src/devtools/panel/ui/model-context';
import { createFakePage } from './fake-page';

/** Renders the real panel UI and model against a fake page; the link is up and the bus said hello. */
export const renderPanel = (options: PanelModelOptions & { allowDispatch?: boolean; hello?: boolean } = {}) => {
  const page = createFakePage('shop', { allowDispatch: options.allowDispatch ?? false });
  const start = page.transport.start;
  // Page messages change React state: deliver them inside act(), as a browser event would be.
  page.transport.start = (listener) => start((event) => act(() => listener(event)));
  const model = createPanelModel(page.transport, options);
  const stop = model.start();
  // StrictMode here, not in mountPanel (where an app's development build would pay for it): it
  // runs effects twice and renders twice, which finds the panel's effects that do not clean up.
  const view = render(
    <StrictMode>
      <ModelProvider value={model}>
        <App />
      </ModelProvider>
    </StrictMode>,
  );
  page.linkUp();
  if (options.hello !== false) page.hello();
  return { page, model, view, stop };
};

/** Opens the detail of the (first) row of `eventType`, on the detail tab named `tab` if given; returns the detail. */
export const openEventDetail = (eventType: string, tab?: 'Payload' | 'Pipeline' | 'Causation' | 'Trace'): HTMLElement => {
  const row = within(screen.getByRole('listbox', { name: 'Events' }))
    .getAllByRole('option')
    .find((r) => r.getAttribute('data-event-type') === eventType);
  if (!row) throw new Error(`no row for ${eventType}`);
  fireEvent.click(row);
  const detail = screen.getByRole('complementary', { name: 'Event detail' });
  if (tab) fireEvent.click(within(detail).getByRole('tab', { name: tab }));
  return detail;
};

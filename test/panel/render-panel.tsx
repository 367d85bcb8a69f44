import { act, render } from '@testing-library/react';
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
  const view = render(
    <ModelProvider value={model}>
      <App />
    </ModelProvider>,
  );
  page.linkUp();
  if (options.hello !== false) page.hello();
  return { page, model, view, stop };
};

import { createRoot } from 'react-dom/client';
import { createPanelModel, type PanelModelOptions } from '../model/panel-model';
import type { PanelTransport } from '../transport/adapter';
import { App } from './App';
import { adoptStyles } from './adopt-styles';
import { ModelProvider } from './model-context';
import { PANEL_CSS } from './styles';

// The floating panel needs the page's transport only once its UI is there: it loads it with the UI, not with its button.
export { createWindowTransport } from '../transport/window-transport';

/** Options of {@link mountPanel}. */
export interface MountPanelOptions extends PanelModelOptions {
  /** The host's theme (DevTools' own), followed while the theme setting is `auto`. */
  readonly hostTheme?: 'light' | 'dark';
  /** Inside another page (the floating panel): no landmarks of its own that would nest in the page's. */
  readonly embedded?: boolean;
}

const injectStyles = (container: Element) => adoptStyles(container.getRootNode() as Document | ShadowRoot, PANEL_CSS, 'hubbub-panel');

/**
 * Mounts the Hubbub panel UI into an element, talking to the page through `transport`.
 * Returns a function that unmounts it and tells the page to stop streaming.
 *
 * @example
 * const unmount = mountPanel(document.getElementById('root')!, createWindowTransport(window), { hostTheme: 'dark' })
 */
export const mountPanel = (container: Element, transport: PanelTransport, options: MountPanelOptions = {}) => {
  injectStyles(container);
  const model = createPanelModel(transport, options);
  const stop = model.start();
  const root = createRoot(container);
  // No <StrictMode>: it renders everything twice, but only with React's development build, which is
  // the app's own in the floating panel's case: the app would pay for checks of the panel's code.
  root.render(
    <ModelProvider value={model}>
      <App hostTheme={options.hostTheme} embedded={options.embedded ?? false} />
    </ModelProvider>,
  );
  return Object.assign(
    () => {
      root.unmount();
      stop();
    },
    { model },
  );
};

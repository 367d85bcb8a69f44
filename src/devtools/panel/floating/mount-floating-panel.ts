import { BOOLEAN_RULE, checkOptionRules, hasMethods, isNonEmptyString, type OptionRule } from '../../../core/options-check';
import { adoptStyles } from '../ui/adopt-styles';
import { createPageSpace } from './page-space';
import { clampedHeightCss, createResizeHandle, RESIZE_HANDLE_CSS, readStoredHeight, safeLocalStorage, TOGGLE_ROOM } from './resize-handle';

/**
 * Options of {@link mountFloatingPanel}. Called again while its panel is mounted (a hot reload),
 * `mountFloatingPanel` applies the options that changed since the previous call to that panel.
 *
 * @example
 * mountFloatingPanel({ open: true, position: 'top-left', height: '60vh', buttonLabel: 'Bus' })
 */
export interface FloatingPanelOptions {
  /**
   * Open the panel at once instead of showing only its button. Default false. Changed in a later
   * call, it opens or closes the mounted panel; left as it was, it leaves the panel as the user left it.
   */
  readonly open?: boolean | undefined;
  /** Corner of the toggle button. Default 'bottom-right'. */
  readonly position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | undefined;
  /**
   * Height of the open panel, as CSS; kept between 120px and the viewport's height less room for
   * the toggle button. The user can resize the panel by dragging its top edge (or with the arrow
   * keys on it). Without this option the panel opens at the height the user last chose in this
   * origin (remembered in `localStorage`), else at '45vh'. With it, the panel opens at this height
   * on every page load and the user's resizing lasts until the page reloads, or until a later call
   * changes this option: the app decided.
   */
  readonly height?: string | undefined;
  /**
   * Element to mount into. Default: a new element at the end of `document.body`. A later call with
   * another element mounts the panel again in it, with an empty log (a shadow root cannot move).
   */
  readonly container?: HTMLElement | undefined;
  /** Text of the toggle button. Default 'Hubbub'. */
  readonly buttonLabel?: string | undefined;
  /**
   * While the panel is open, pad the bottom of the page (the `<html>` element) by the room the sheet
   * and its toggle button take, so the page's last content (a footer and its buttons) can be
   * scrolled up above the sheet instead of staying under it. Default true. When the panel closes or
   * unmounts, `<html>` gets back the inline `padding-bottom` it had. Set false to keep the page's
   * layout as it is while the sheet covers its bottom. Content the page fixes to the bottom of the
   * viewport stays under the sheet either way.
   *
   * @example
   * mountFloatingPanel({ reserveSpace: false })
   */
  readonly reserveSpace?: boolean | undefined;
}

const HOST_CSS = `
:host{all:initial}
.hb-float-toggle{position:fixed;z-index:2147483646;font:600 12px system-ui,sans-serif;padding:6px 10px;border-radius:16px;border:1px solid #888;
  background:#1f2328;color:#fff;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)}
.hb-float-sheet{box-sizing:border-box;position:fixed;left:0;right:0;bottom:0;z-index:2147483645;border-top:1px solid #888;box-shadow:0 -2px 12px rgba(0,0,0,.25);display:flex;flex-direction:column}
.hb-float-sheet[hidden]{display:none}
.hb-float-root{flex:1;min-height:0}
${RESIZE_HANDLE_CSS}`;

/** Development only: the options by name (see `core/options-check.ts`); `position: 'top'` used to put the button nowhere in particular. */
const FLOATING_PANEL_OPTIONS: Readonly<Record<keyof FloatingPanelOptions, OptionRule>> = {
  open: BOOLEAN_RULE,
  position: {
    test: (value) => typeof value === 'string' && /^(top|bottom)-(left|right)$/.test(value),
    mustBe: "one of 'bottom-right', 'bottom-left', 'top-right', 'top-left'",
  },
  height: { test: isNonEmptyString, mustBe: "a CSS height, such as height: '60vh' or '400px'" },
  container: {
    test: /* @__PURE__ */ hasMethods('attachShadow'),
    mustBe: 'an element of the page to mount the panel in, such as document.getElementById("devtools")',
  },
  buttonLabel: { test: isNonEmptyString, mustBe: "the toggle button's text, such as buttonLabel: 'Bus'" },
  reserveSpace: BOOLEAN_RULE,
};

/** The open sheet's height when neither the app nor the user chose one. */
const DEFAULT_SHEET_HEIGHT = '45vh';
/** The toggle button's distance from the viewport's edges, and from the open sheet it sits above, in px. */
const TOGGLE_MARGIN = 12;

/**
 * The floating panel mounted on this page, if any. A page shows one: every panel lists every bus of
 * the page. Module state survives a hot reload by construction: a bundler re-runs the edited app
 * modules and their importers, never this library, so a re-run `mountFloatingPanel()` finds it.
 */
let mounted:
  | {
      readonly host: HTMLElement;
      readonly container: HTMLElement | undefined;
      readonly update: (options: FloatingPanelOptions) => void;
      readonly unmount: () => void;
    }
  | undefined;

const corner = (position: NonNullable<FloatingPanelOptions['position']>) => {
  const [vertical, horizontal] = position.split('-') as ['top' | 'bottom', 'left' | 'right'];
  return `${vertical}:${TOGGLE_MARGIN}px;${horizontal}:${TOGGLE_MARGIN}px`;
};

/**
 * Mounts the Hubbub panel inside the page, for browsers without the extension: a small button
 * that opens the panel in a bottom sheet (in a shadow root, so the app's CSS and the panel's do
 * not mix). The panel UI needs `react` and `react-dom` in your app (optional peers of hubbub); it is
 * loaded with `import()` on first open only. It reads the
 * stream of `connectDevtools(bus)` through `window.postMessage`. Returns `unmount`.
 * A page shows one floating panel: while one is mounted, calling this again (a hot reload re-running
 * the module that calls it) keeps it, open or not, with its log, applies the options that changed
 * since the previous call (another `container` mounts it again there), and returns its `unmount`.
 * Does nothing (and returns a no-op) where there is no `document`, such as on the server.
 *
 * @example
 * import { connectDevtools } from 'hubbub/devtools'
 * import { mountFloatingPanel } from 'hubbub/devtools/panel'
 * connectDevtools(bus)
 * mountFloatingPanel({ position: 'bottom-left' }) // shows nothing in production builds
 */
export const mountFloatingPanel = (options: FloatingPanelOptions = {}): (() => void) => {
  if (process.env.NODE_ENV !== 'production') {
    checkOptionRules('[hubbub] mountFloatingPanel(options)', FLOATING_PANEL_OPTIONS, options, "{ position: 'bottom-left' }");
  }
  if (typeof document === 'undefined') return () => {};
  if (mounted?.host.isConnected) {
    if (mounted.container === options.container) {
      mounted.update(options);
      return mounted.unmount;
    }
    if (process.env.NODE_ENV !== 'production') {
      console.warn(
        "[hubbub] mountFloatingPanel(): called with another `container` than the mounted panel's, so the panel was mounted again in the new one, with an empty log, and open only if `open` says so (a panel cannot move to another shadow root). Pass the same element on every call (a hot reload included) to keep the panel as it was.",
      );
    }
  }
  // A panel whose element the app took out of the page (without unmounting it), or whose container changed, is let go for this one.
  mounted?.unmount();
  const storage = safeLocalStorage();
  const host = options.container ?? document.body.appendChild(document.createElement('div'));
  host.dataset.hubbubFloatingPanel = '';
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, HOST_CSS, 'hubbub-floating-panel');

  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'hb-float-toggle';
  toggle.setAttribute('aria-expanded', 'false');
  // A labelled <section> is a region landmark, and the panel's <header> inside it stays a plain header, not a second banner.
  const sheet = document.createElement('section');
  sheet.className = 'hb-float-sheet';
  sheet.hidden = true;
  sheet.setAttribute('aria-label', 'Hubbub devtools');
  const root = document.createElement('div');
  root.className = 'hb-float-root';

  /** The options of the previous call to this panel: only what a later call changes is applied again. */
  let applied: FloatingPanelOptions | undefined;
  let position: NonNullable<FloatingPanelOptions['position']>;
  let height: string;
  /** Where the user's height is remembered: nowhere while the app sets the height. */
  let heightStorage: Storage | undefined;
  let isOpen = false;
  const reservePageSpace = createPageSpace();
  // Every change of height, position or open state comes here: the toggle and the page make room for the sheet.
  const layout = () => {
    const sheetHeight = clampedHeightCss(height);
    const atBottom = position.startsWith('bottom');
    // The open sheet would cover a bottom-corner button: it moves just above the sheet.
    toggle.style.cssText = `${corner(position)}${isOpen && atBottom ? `;bottom:calc(${sheetHeight} + ${TOGGLE_MARGIN}px)` : ''}`;
    reservePageSpace(isOpen && applied?.reserveSpace !== false ? `calc(${sheetHeight} + ${atBottom ? TOGGLE_ROOM : 0}px)` : undefined);
  };
  const resize = (next: string) => {
    height = next;
    sheet.style.height = clampedHeightCss(height);
    layout();
  };
  const resizeHandle = createResizeHandle({ sheet, storage: () => heightStorage, onResize: resize });
  sheet.append(resizeHandle.element, root);
  // The button first: Tab goes from it into the open panel.
  shadow.append(toggle, sheet);

  let unmountUi: (() => void) | undefined;
  let loading: Promise<void> | undefined;
  let disposed = false;

  const ensureUi = () => {
    loading ??= import('../ui/mount-panel').then(
      ({ mountPanel, createWindowTransport }) => {
        // The panel lives in the page: a reload takes it along, so it cannot keep the log across one.
        if (!disposed)
          unmountUi = mountPanel(root, createWindowTransport(window), {
            ...(storage && { storage }),
            embedded: true,
            canPreserveLog: false,
          });
      },
      (error: unknown) => {
        loading = undefined;
        root.textContent = `The Hubbub panel could not be loaded: ${(error as Error).message}. It needs react and react-dom in your app (npm install react react-dom); otherwise check the network tab, then click the button again.`;
      },
    );
    return loading;
  };

  const setOpen = (next: boolean) => {
    isOpen = next;
    sheet.hidden = !next;
    toggle.setAttribute('aria-expanded', String(next));
    layout();
    if (next) {
      resizeHandle.sync();
      void ensureUi();
    }
  };
  toggle.addEventListener('click', () => setOpen(!isOpen));
  sheet.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    setOpen(false);
    toggle.focus();
  });

  const update = (next: FloatingPanelOptions) => {
    const previous = applied;
    applied = next;
    position = next.position ?? 'bottom-right';
    toggle.textContent = next.buttonLabel ?? 'Hubbub';
    if (!previous || next.height !== previous.height) {
      // An app that sets the height keeps it: the user's choice is then neither read nor remembered.
      heightStorage = next.height === undefined ? storage : undefined;
      resize(next.height ?? readStoredHeight(heightStorage) ?? DEFAULT_SHEET_HEIGHT);
      if (isOpen) resizeHandle.sync();
    }
    if (!next.open !== !previous?.open) setOpen(!!next.open);
    else layout();
  };
  update(options);

  const unmount = () => {
    if (mounted?.unmount === unmount) mounted = undefined;
    disposed = true;
    // The panel is a React root of its own: unmounting it synchronously from the app's effect
    // cleanup, while the app's React commits, makes React log "Attempted to synchronously unmount a
    // root while React was already rendering". Its elements leave the page at once all the same.
    if (unmountUi) setTimeout(unmountUi);
    reservePageSpace(undefined);
    if (options.container) shadow.replaceChildren();
    else host.remove();
  };
  mounted = { host, container: options.container, update, unmount };
  return unmount;
};

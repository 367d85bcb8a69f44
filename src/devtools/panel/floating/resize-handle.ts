/** The smallest height the sheet can be dragged to, in px: the panel's toolbar and a few rows stay visible. */
export const MIN_SHEET_HEIGHT = 120;
/** Space the sheet leaves at the top of the viewport, in px: room for the toggle button, which sits 12px above the sheet. */
export const TOGGLE_ROOM = 56;
/** How much ArrowUp and ArrowDown change the height, in px. */
const KEYBOARD_STEP = 40;
/** Where the user's last height is kept, in the page origin's `localStorage`. */
const STORAGE_KEY = 'hubbub:floating-panel-height';

/** CSS of the resize handle, added to the floating panel's shadow root styles. */
export const RESIZE_HANDLE_CSS = `
.hb-float-resize{position:absolute;z-index:1;left:0;right:0;top:-5px;height:10px;cursor:ns-resize;touch-action:none;outline:none}
.hb-float-resize::before{content:"";position:absolute;left:50%;top:3px;width:40px;height:4px;margin-left:-20px;border-radius:2px;background:#888}
.hb-float-resize:hover::before,.hb-float-resize[data-dragging]::before{background:#4c8dff}
.hb-float-resize:focus-visible{box-shadow:inset 0 0 0 2px #4c8dff}
`;

/**
 * The sheet's height as CSS, whatever the app, the user or the stored value asked for: at least
 * {@link MIN_SHEET_HEIGHT}, and never so tall that it covers the toggle button. The same bounds as
 * {@link clampHeight}, but in CSS, so they still hold when the window is resized.
 *
 * @example
 * sheet.style.height = clampedHeightCss('45vh')
 */
export const clampedHeightCss = (height: string): string => `clamp(${MIN_SHEET_HEIGHT}px, ${height}, 100vh - ${TOGGLE_ROOM}px)`;

/** The tallest the sheet can be in this window, in px. */
const maxHeight = (): number => Math.max(MIN_SHEET_HEIGHT, window.innerHeight - TOGGLE_ROOM);

const clampHeight = (height: number): number => Math.round(Math.min(maxHeight(), Math.max(MIN_SHEET_HEIGHT, height)));

/**
 * The page's `localStorage`, or undefined where reading it throws (storage disabled, a sandboxed
 * frame) or there is none.
 *
 * @example
 * readStoredHeight(safeLocalStorage())
 */
export const safeLocalStorage = (): Storage | undefined => {
  try {
    return window.localStorage ?? undefined;
  } catch {
    return undefined;
  }
};

/**
 * The height the user last gave the sheet, as CSS (`'300px'`), or undefined when none was stored,
 * the stored value is junk, or `storage` cannot be read.
 *
 * @example
 * readStoredHeight(localStorage) // '300px'
 */
export const readStoredHeight = (storage: Storage | undefined): string | undefined => {
  try {
    const stored = Number.parseFloat(storage?.getItem(STORAGE_KEY) ?? '');
    return Number.isFinite(stored) && stored > 0 ? `${Math.round(stored)}px` : undefined;
  } catch {
    return undefined;
  }
};

const storeHeight = (storage: Storage | undefined, height: number) => {
  try {
    storage?.setItem(STORAGE_KEY, String(height));
  } catch {
    // Full or forbidden storage: the height is kept until the page reloads, which is all we can do.
  }
};

/** Options of {@link createResizeHandle}. */
export interface ResizeHandleOptions {
  /** The sheet to resize; its rendered height is where a drag or a key press starts from. */
  readonly sheet: HTMLElement;
  /** Called with each new height, as CSS (`'300px'`), to apply it to the sheet and the toggle button. */
  readonly onResize: (height: string) => void;
  /** Where the height is remembered once a drag or a key press ends (undefined: not remembered), asked each time: the app may change its mind. */
  readonly storage: () => Storage | undefined;
}

/** A resize handle of {@link createResizeHandle}. */
export interface ResizeHandle {
  /** The handle, to put inside the sheet. */
  readonly element: HTMLElement;
  /** Reads the sheet's rendered height into the handle's ARIA values; call it once the sheet is shown. */
  readonly sync: () => void;
}

/**
 * Creates the handle on the sheet's top edge that resizes it: dragged with a pointer, or focused
 * and moved with the keys of an ARIA window splitter (ArrowUp/ArrowDown by a step, Home/End to the
 * smallest/tallest). Its value is the sheet's height in px.
 *
 * @example
 * const handle = createResizeHandle({ sheet, storage: () => localStorage, onResize: (height) => (sheet.style.height = height) })
 * sheet.prepend(handle.element)
 */
export const createResizeHandle = ({ sheet, onResize, storage }: ResizeHandleOptions): ResizeHandle => {
  const handle = document.createElement('div');
  handle.className = 'hb-float-resize';
  handle.tabIndex = 0;
  handle.setAttribute('role', 'separator');
  handle.setAttribute('aria-orientation', 'horizontal');
  handle.setAttribute('aria-label', 'Resize Hubbub devtools');
  handle.setAttribute('aria-valuemin', String(MIN_SHEET_HEIGHT));

  const renderedHeight = () => sheet.getBoundingClientRect().height;
  const showValue = (height: number) => {
    handle.setAttribute('aria-valuenow', String(Math.round(height)));
    handle.setAttribute('aria-valuemax', String(maxHeight()));
  };
  const resizeTo = (height: number) => {
    const clamped = clampHeight(height);
    onResize(`${clamped}px`);
    showValue(clamped);
    return clamped;
  };

  attachPointerDrag(handle, renderedHeight, resizeTo, (height) => storeHeight(storage(), height));
  handle.addEventListener('keydown', (event) => {
    const target = keyboardTarget(event.key, renderedHeight());
    if (target === undefined) return;
    event.preventDefault();
    storeHeight(storage(), resizeTo(target));
  });
  handle.addEventListener('focus', () => showValue(renderedHeight()));

  return { element: handle, sync: () => showValue(renderedHeight()) };
};

/** The height a splitter key asks for, from the current one; undefined for any other key. */
const keyboardTarget = (key: string, current: number): number | undefined => {
  if (key === 'ArrowUp') return current + KEYBOARD_STEP;
  if (key === 'ArrowDown') return current - KEYBOARD_STEP;
  if (key === 'Home') return MIN_SHEET_HEIGHT;
  if (key === 'End') return maxHeight();
  return undefined;
};

/**
 * Resizes while the handle is dragged: the pointer is captured, so the drag goes on over the panel
 * and outside the window, and `onEnd` gets the final height once, when the button is released.
 */
const attachPointerDrag = (
  handle: HTMLElement,
  renderedHeight: () => number,
  resizeTo: (height: number) => number,
  onEnd: (height: number) => void,
) => {
  let drag: { pointerId: number; startY: number; startHeight: number; height: number } | undefined;

  handle.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || drag) return;
    // Without this the drag would also select the page's text.
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    const startHeight = renderedHeight();
    drag = { pointerId: event.pointerId, startY: event.clientY, startHeight, height: startHeight };
    handle.dataset.dragging = '';
  });
  handle.addEventListener('pointermove', (event) => {
    if (drag?.pointerId !== event.pointerId) return;
    // The sheet grows upwards: moving the pointer up makes it taller.
    drag.height = resizeTo(drag.startHeight + drag.startY - event.clientY);
  });
  const endDrag = (event: PointerEvent) => {
    if (drag?.pointerId !== event.pointerId) return;
    const { height, startHeight } = drag;
    drag = undefined;
    delete handle.dataset.dragging;
    if (height !== startHeight) onEnd(height);
  };
  handle.addEventListener('pointerup', endDrag);
  handle.addEventListener('pointercancel', endDrag);
  handle.addEventListener('lostpointercapture', endDrag);
};

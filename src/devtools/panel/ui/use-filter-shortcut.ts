import { type RefObject, useEffect } from 'react';

const DOCUMENT_NODE = 9;

/** Input types that take no typed text: '/' there is a shortcut, not a character. */
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether a key pressed on `target` types into it ('/' must reach inputs, text areas, menus' type-ahead). */
const takesText = (target: EventTarget | null): boolean => {
  if (!target || !('tagName' in target)) return false;
  const element = target as HTMLElement;
  if (element.isContentEditable || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  return element.tagName === 'INPUT' && !NOT_TYPED.has((element as HTMLInputElement).type);
};

/** Whether the filter shortcut is pressed: '/' outside text fields, Ctrl+F (Cmd+F on a Mac) anywhere in the panel. */
const isFilterShortcut = (event: KeyboardEvent): boolean => {
  if (event.defaultPrevented || event.isComposing || event.altKey) return false;
  if (event.key === '/') return !event.ctrlKey && !event.metaKey && !takesText(event.target);
  return (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'f';
};

/**
 * Focuses (and selects) the filter box on its shortcut, while focus is in the panel. Listens on the
 * panel's document or shadow root: with nothing focused, keys go to the body, which is the panel's own
 * only when the panel has the page to itself (it then renders a `main` landmark; embedded in an app's
 * page, it does not, and the app's own '/' stays the app's). Listens in the capture phase and stops
 * the key it took: in Chrome DevTools, the extension API's own document listener forwards Ctrl+F to
 * DevTools, which would open its search bar and take the focus away.
 *
 * @example
 * const filterRef = useRef<HTMLInputElement>(null)
 * useFocusFilterShortcut(filterRef) // then <input ref={filterRef} aria-keyshortcuts="/ Control+F Meta+F" />
 */
export const useFocusFilterShortcut = (filter: RefObject<HTMLInputElement | null>) => {
  useEffect(() => {
    const input = filter.current;
    const panel = input?.closest('.hb-panel');
    if (!input || !panel) return;
    const root = panel.getRootNode() as Document | ShadowRoot;
    // By node type, not `instanceof Document`: the panel's document may come from another realm.
    const page = root.nodeType === DOCUMENT_NODE ? (root as Document) : undefined;
    const ownsPage = page !== undefined && panel.querySelector('main') !== null;
    const onKeyDown = (event: Event) => {
      const key = event as KeyboardEvent;
      const target = key.target as Node | null;
      const inPanel =
        target !== null && (panel.contains(target) || (ownsPage && (target === page?.body || target === page?.documentElement)));
      if (!inPanel || !isFilterShortcut(key)) return;
      key.preventDefault();
      key.stopPropagation();
      input.focus();
      input.select();
    };
    root.addEventListener('keydown', onKeyDown, true);
    return () => root.removeEventListener('keydown', onKeyDown, true);
  }, [filter]);
};

/** The find shortcut as this platform writes it. @example `press / or ${FIND_KEY}` // 'press / or Ctrl+F' */
export const FIND_KEY =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent) ? '⌘F' : 'Ctrl+F';

/** The constructed stylesheets each document or shadow root was given, by name: each once, however often a panel mounts there. */
const adopted = new WeakMap<Document | ShadowRoot, Set<string>>();

/**
 * Styles a document or shadow root with `css`, once per `name`: as a constructed stylesheet where
 * the browser has them, because a page whose Content-Security-Policy allows no inline styles
 * (`style-src 'self'`) refuses a `<style>` element but not a constructed sheet; elsewhere (older
 * browsers, test DOMs), as a `<style>` element.
 *
 * @example
 * adoptStyles(shadowRoot, HOST_CSS, 'floating-panel')
 */
export const adoptStyles = (root: Document | ShadowRoot, css: string, name: string): void => {
  if (Array.isArray(root.adoptedStyleSheets) && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const names = adopted.get(root) ?? new Set<string>();
    if (names.has(name)) return;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    adopted.set(root, names.add(name));
    return;
  }
  const parent = root instanceof ShadowRoot ? root : (root.head ?? root.documentElement);
  if (parent.querySelector(`style[data-hubbub-style="${name}"]`)) return;
  const style = (root instanceof ShadowRoot ? root.ownerDocument : root).createElement('style');
  style.dataset.hubbubStyle = name;
  style.textContent = css;
  parent.appendChild(style);
};

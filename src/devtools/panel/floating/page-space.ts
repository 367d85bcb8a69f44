/**
 * Reserves space at the bottom of the page for the open sheet, as a bottom padding on `<html>`, so
 * the page's last content can be scrolled up above the sheet instead of staying under it. Returns
 * `reserve`: called with a CSS length, pads the page by it; called with undefined, gives the page
 * back the inline `padding-bottom` it had before (value and priority), unless the page set another
 * one meanwhile, which it then keeps. A CSS length, not pixels: `calc()` with `vh` follows the
 * window's resizing by itself.
 *
 * @example
 * const reserve = createPageSpace()
 * reserve('calc(45vh + 56px)') // the sheet opened
 * reserve(undefined) // it closed: <html> has its own padding again
 */
export const createPageSpace = (): ((padding: string | undefined) => void) => {
  const page = document.documentElement;
  const { style } = page;
  const property = 'padding-bottom';
  /** The padding as the page had it, before the sheet reserved its space, and whether `<html>` had a style attribute at all. */
  let before: readonly [value: string, priority: string] = ['', ''];
  let hadStyleAttribute = false;
  /** The padding the sheet set, as the style reads it back; undefined while it reserves none. */
  let reserved: string | undefined;
  return (padding) => {
    const current = style.getPropertyValue(property);
    if (current !== reserved) {
      before = [current, style.getPropertyPriority(property)];
      hadStyleAttribute = page.hasAttribute('style');
    }
    if (padding === undefined) {
      if (reserved !== undefined && current === reserved) {
        style.setProperty(property, ...before);
        // Not an empty `style=""` where there was none: the page's markup comes back as it was. Reading
        // the attribute first brings it up to date (Chromium writes style changes to it lazily, and
        // would write "" back after a removal that came first).
        if (!hadStyleAttribute && page.getAttribute('style') === '') page.removeAttribute('style');
      }
      reserved = undefined;
      return;
    }
    style.setProperty(property, padding);
    reserved = style.getPropertyValue(property);
  };
};

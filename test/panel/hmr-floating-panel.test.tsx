// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mountFloatingPanel } from '../../src/devtools/panel/floating/mount-floating-panel';

// A hot reload re-runs the app module that calls mountFloatingPanel(), never the library: these
// tests call it again the way that module's next run does.

const unmounts: (() => void)[] = [];
afterEach(() => {
  for (const unmount of unmounts.splice(0)) unmount();
  document.body.replaceChildren();
});

const mount = (...args: Parameters<typeof mountFloatingPanel>) => {
  const unmount = mountFloatingPanel(...args);
  unmounts.push(unmount);
  return unmount;
};

/** The toggle buttons of every floating panel in the page, inside their shadow roots. */
const toggles = () =>
  [...document.querySelectorAll<HTMLElement>('[data-hubbub-floating-panel]')].flatMap((host) => [
    ...(host.shadowRoot?.querySelectorAll<HTMLButtonElement>('.hb-float-toggle') ?? []),
  ]);

describe('mountFloatingPanel() called again while a panel is mounted (a hot reload re-running the module)', () => {
  it('keeps the one panel the page shows, applies the options that changed, and returns its unmount', () => {
    const first = mount();
    const second = mount({ position: 'top-left', buttonLabel: 'Bus' });
    expect(second).toBe(first);
    expect(toggles()).toHaveLength(1);
    expect(toggles()[0]?.textContent).toBe('Bus');
    expect(toggles()[0]?.style.cssText).toMatch(/top: ?12px; ?left: ?12px/);

    second();
    expect(toggles()).toHaveLength(0);
    // Once unmounted, the next call mounts a panel again, with its own options.
    mount({ buttonLabel: 'Bus' });
    expect(toggles().map((toggle) => toggle.textContent)).toEqual(['Bus']);
  });

  it('keeps an open panel open', () => {
    mount();
    toggles()[0]?.click();
    expect(toggles()[0]?.getAttribute('aria-expanded')).toBe('true');
    mount();
    expect(toggles()).toHaveLength(1);
    expect(toggles()[0]?.getAttribute('aria-expanded')).toBe('true');
  });

  it('mounts into a container once, however often it is called with it', () => {
    const container = document.body.appendChild(document.createElement('div'));
    mount({ container });
    mount({ container });
    expect(container.shadowRoot?.querySelectorAll('.hb-float-toggle')).toHaveLength(1);
  });

  it('mounts a new panel when the app took the previous one out of the page without unmounting it', () => {
    const container = document.body.appendChild(document.createElement('div'));
    const first = mount({ container });
    container.remove();
    const second = mount();
    expect(second).not.toBe(first);
    expect(toggles()).toHaveLength(1);
    // The panel let go was unmounted: its container is empty.
    expect(container.shadowRoot?.childElementCount).toBe(0);
  });

  it('an unmount called late, after its panel was unmounted and another mounted, leaves the new panel alone', () => {
    const first = mount();
    first();
    mount({ buttonLabel: 'Bus' });
    first();
    expect(toggles().map((toggle) => toggle.textContent)).toEqual(['Bus']);
    // And the new panel is still the page's one: a further call keeps it.
    mount();
    expect(toggles()).toHaveLength(1);
  });
});

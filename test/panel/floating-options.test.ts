// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountFloatingPanel } from '../../src/devtools/panel/floating/mount-floating-panel';

/** mountFloatingPanel's options as an app written in JavaScript passes them (development builds). */

const mountJs = mountFloatingPanel as (options?: unknown) => () => void;
const unmounts: (() => void)[] = [];
afterEach(() => {
  for (const unmount of unmounts.splice(0)) unmount();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('mountFloatingPanel options', () => {
  it.each([
    // Used to style the button "top:12px;undefined:12px": somewhere on the page, in no corner.
    [
      'a position that is no corner',
      { position: 'top' },
      "options.position must be one of 'bottom-right', 'bottom-left', 'top-right', 'top-left'; got \"top\".",
    ],
    ['a height that is a number', { height: 400 }, "options.height must be a CSS height, such as height: '60vh' or '400px'; got number."],
    [
      'a container that is a selector',
      { container: '#devtools' },
      'options.container must be an element of the page to mount the panel in, such as document.getElementById("devtools"); got "#devtools".',
    ],
    ['open as text', { open: 'true' }, 'options.open must be true or false; got "true".'],
  ])('%s: a TypeError names the option and what to write, and nothing is mounted', (_, options, message) => {
    expect(() => unmounts.push(mountJs(options))).toThrow(new TypeError(`[hubbub] mountFloatingPanel(options): ${message}`));
    expect(document.querySelector('[data-hubbub-floating-panel]')).toBe(null);
  });

  it('a misspelled option warns once with the one meant, and the panel mounts', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    unmounts.push(mountJs({ postion: 'top-left' }));
    expect(warn.mock.calls).toEqual([
      ['[hubbub] mountFloatingPanel(options): unknown option "postion", ignored; did you mean "position"?'],
    ]);
    expect(document.querySelector('[data-hubbub-floating-panel]')).not.toBe(null);
  });

  it('takes every valid option without a word', () => {
    const warn = vi.spyOn(console, 'warn');
    const container = document.body.appendChild(document.createElement('div'));
    unmounts.push(mountJs({ open: false, position: 'top-left', height: '50vh', container, buttonLabel: 'Bus', reserveSpace: false }));
    expect(warn).not.toHaveBeenCalled();
  });
});

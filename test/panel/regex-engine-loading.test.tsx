// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  cleanup();
});

/**
 * The real panel, imported afresh: a page that has not loaded the regex engine yet. `engineModule`
 * counts the imports of the engine's module (the real one, passed through), or fails them while
 * its `failure` is set.
 */
const freshPanel = async (failure?: Error) => {
  const engineModule = { imports: 0, failure };
  vi.resetModules();
  vi.doMock('../../src/devtools/panel/model/linear-regex', async (importOriginal) => {
    engineModule.imports++;
    if (engineModule.failure) throw engineModule.failure;
    return importOriginal();
  });
  const { renderPanel } = await import('./render-panel');
  const { regexEngine } = await import('../../src/devtools/panel/model/regex-engine');
  const panel = renderPanel();
  panel.page.batch([
    ...panel.page.event('cart:add', { sku: 'blue-mug' }),
    ...panel.page.event('order:placed', { orderId: 'o-1' }),
    ...panel.page.event('payment:charge', { amount: 5 }),
  ]);
  return { ...panel, regexEngine, engineModule };
};

const ALL = ['cart:add', 'order:placed', 'payment:charge'];
const rowTypes = () =>
  within(screen.getByRole('listbox', { name: 'Events' }))
    .queryAllByRole('option')
    .map((row) => row.getAttribute('data-event-type'));
const search = (text: string) => fireEvent.change(screen.getByRole('searchbox', { name: 'Filter events' }), { target: { value: text } });
const toggle = (name: 'regex' | 'invert') => fireEvent.click(screen.getByRole('checkbox', { name }));
const loadingNote = () => screen.queryByTestId('filter-loading')?.textContent;
const count = () => screen.queryByTestId('event-count')?.textContent;

describe('the regex engine loads apart from the panel, when regex is first used', () => {
  it('is not loaded by the panel or the plain-text filter; once regex is on, the log says it is loading, then shows the matches', async () => {
    const { engineModule } = await freshPanel();
    search('^(order|payment):');
    toggle('invert');
    toggle('invert');
    expect(rowTypes()).toEqual([]);
    expect(engineModule.imports).toBe(0);

    toggle('regex');
    // Not applied yet: the whole log, with the message in place of the count (as for a pattern that cannot be run).
    expect(loadingNote()).toBe('Loading the regex engine…');
    expect(count()).toBeUndefined();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(rowTypes()).toEqual(ALL);

    // Applied once loaded, with nothing typed again.
    await waitFor(() => expect(rowTypes()).toEqual(['order:placed', 'payment:charge']));
    expect(loadingNote()).toBeUndefined();
    expect(count()).toBe('2 of 3 events');
    expect(engineModule.imports).toBe(1);
  });

  it('starts loading as soon as regex is ticked, so a pattern typed after it applies at once', async () => {
    const { regexEngine, engineModule } = await freshPanel();
    toggle('regex');
    expect(regexEngine.getState().status).toBe('loading');
    // Nothing to filter with yet: the count, not the loading note.
    expect(count()).toBe('3 events');
    await waitFor(() => expect(regexEngine.getState().status).toBe('ready'));
    search('^cart:');
    expect(loadingNote()).toBeUndefined();
    expect(rowTypes()).toEqual(['cart:add']);
    expect(engineModule.imports).toBe(1);
  });

  it('says when the engine cannot be loaded and what to do; turning regex off and on tries again', async () => {
    const { engineModule } = await freshPanel(new TypeError('Failed to fetch dynamically imported module: chunks/linear-regex.js'));
    search('^cart:');
    toggle('regex');
    expect(loadingNote()).toBe('Loading the regex engine…');
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeNull());
    expect(screen.getByRole('alert').textContent).toMatch(
      /^The regex engine could not be loaded \(.*\)\. Turn regex off and on to try again; if the app or the extension was updated since the panel opened, reload the page or reopen DevTools\.$/,
    );
    expect(loadingNote()).toBeUndefined();
    expect(rowTypes()).toEqual(ALL);

    engineModule.failure = undefined;
    toggle('regex');
    expect(screen.queryByRole('alert')).toBeNull();
    toggle('regex');
    expect(loadingNote()).toBe('Loading the regex engine…');
    await waitFor(() => expect(rowTypes()).toEqual(['cart:add']));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(engineModule.imports).toBe(2);
  });

  it('Copy as test writes no test of the whole log while the filter waits for the engine, nor while it cannot load; then only the matches', async () => {
    const { engineModule } = await freshPanel(new TypeError('Failed to fetch dynamically imported module: chunks/linear-regex.js'));
    search('^cart:');
    toggle('regex');
    fireEvent.click(screen.getByRole('tab', { name: 'Copy as test' }));
    const view = () => screen.getByRole('region', { name: 'Copy as test' });
    const generated = () => (screen.queryByRole('textbox', { name: 'Generated test' }) as HTMLTextAreaElement | null)?.value;
    expect(screen.getByTestId('test-filter-not-applied').textContent).toBe(
      'Loading the regex engine… The test is written once the filter applies.',
    );
    expect(within(view()).getByRole('radio', { name: /shown in the log/ }).parentElement?.textContent).toContain('filter not applied');
    expect(generated()).toBeUndefined();

    await waitFor(() =>
      expect(screen.getByTestId('test-filter-not-applied').textContent).toMatch(
        /^The log's filter cannot be applied \(The regex engine could not be loaded/,
      ),
    );
    expect(generated()).toBeUndefined();

    engineModule.failure = undefined;
    toggle('regex');
    toggle('regex');
    await waitFor(() => expect(generated()).toBeDefined());
    expect(screen.queryByTestId('test-filter-not-applied')).toBeNull();
    expect(generated()).toContain("'cart:add'");
    expect(generated()).not.toContain("'order:placed'");
    expect(generated()).not.toContain("'payment:charge'");
  });
});

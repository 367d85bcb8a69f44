import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openHubbubPanel, test } from './fixtures';
import { logRow } from './shop-driver';

/** The 1-based line of the page's publish call, read from the page's own file. */
const publishLine = (): number => {
  const lines = readFileSync(join(import.meta.dirname, 'pages/trace.js'), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes("bus.publish('order:placed'"));
  if (index < 0) throw new Error('pages/trace.js has no publish call');
  return index + 1;
};

test('the Trace tab shows the file and line of the publish call, and a frame opens in the Sources panel', async ({ context, baseUrl }) => {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/trace.html`);
  await page.waitForFunction(() => 'placeOrder' in window);
  await page.evaluate(() => (window as unknown as { placeOrder: () => Promise<unknown> }).placeOrder());

  const { panel, devtools } = await openHubbubPanel(context, page);
  await logRow(panel, 'order:placed').click();
  // Keyboard, as devtools-panel.spec.ts does: mouse clicks missed small targets in the DevTools-hosted frame.
  await panel.getByRole('tab', { name: 'Trace' }).press('Enter');
  const trace = panel.getByRole('list', { name: 'Trace' });
  const first = trace.getByRole('listitem').first();
  await expect(first).toContainText(`placeOrder /trace.js:${publishLine()}:`);
  await expect(trace).not.toContainText('/src/');

  const currentPanel = () =>
    devtools.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: DevTools' internals are not typed here.
      const ui = (await import('./ui/legacy/legacy.js' as string)) as any;
      return ui.InspectorView.InspectorView.instance().tabbedPane.selectedTabId as string;
    });
  expect(await currentPanel()).not.toBe('sources');
  await first.getByRole('button').press('Enter');
  await expect.poll(currentPanel).toBe('sources');
  // The line DevTools selected in the file it opened. (This DevTools pretty-prints the served file,
  // whose last line is a long source map comment, so its line numbers differ from the file's: the
  // line's text is what is compared.)
  const openedAt = () =>
    devtools.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: DevTools' internals are not typed here.
      const sources = (await import('./panels/sources/sources.js' as string)) as any;
      const frame = sources.SourcesPanel.SourcesPanel.instance().sourcesView().currentSourceFrame();
      if (!frame) return { url: undefined, line: undefined };
      const { state } = frame.textEditor;
      return { url: frame.uiSourceCode().url() as string, line: state.doc.lineAt(state.selection.main.head).text as string };
    });
  await expect.poll(async () => (await openedAt()).url).toBe(`${baseUrl}/trace.js`);
  await expect.poll(async () => (await openedAt()).line).toContain("bus.publish('order:placed'");
});

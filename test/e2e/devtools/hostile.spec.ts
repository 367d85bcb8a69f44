import type { Page } from '@playwright/test';
import { MAX_BATCH_CHARACTERS } from '../../../src/devtools/connect';
import { recordBus } from '../../../src/testing/playwright/index';
import { heapMb } from '../support/heap';
import { expect, test } from './support/server';

/**
 * The most a hostile payload may leave alive in the page, in MB (docs/PROTOCOL.md, "Limits"):
 * the ring buffer keeps at most `maxBuffer` entries of capped, freshly copied strings. Before the
 * caps held, 300 events with 1 MB strings kept +286 MB, and 200 errors with 5 MB messages +1.9 GB.
 */
const RETAINED_MB = 32;

type Attack = 'bigStrings' | 'bigErrors' | 'bigSymbols' | 'bigNames' | 'wide';

const attack = (page: Page, name: Attack) =>
  page.evaluate((n) => (window as unknown as { hostile: { attack(n: string): void } }).hostile.attack(n), name);
const largestBatch = (page: Page) => page.evaluate(() => (window as unknown as { hostile: { largestBatch: number } }).hostile.largestBatch);

test.describe('hostile payloads in real Chromium: memory stays bounded, the stream keeps flowing', () => {
  test.setTimeout(120_000);

  const cases: [Attack, string][] = [
    ['bigStrings', '300 events each carrying a fresh 1 MB string'],
    ['bigErrors', '200 handler errors with 5 MB messages'],
    ['bigSymbols', 'three Symbols with 50 MB descriptions'],
    ['bigNames', '5 MB keys, function and class names, element ids and classes, RegExp sources; 200,000-digit BigInts'],
    ['wide', 'an object with a million keys'],
  ];
  for (const [name, what] of cases) {
    test(`${what}: retained growth under ${RETAINED_MB} MB, batches under the cap, a normal event still arrives`, async ({ page }) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('crash', () => errors.push('the page crashed'));
      const recorder = await recordBus(page);
      await page.goto('/hostile.html');
      await expect.poll(() => recorder.instances.length).toBe(1);
      const before = await heapMb(page);

      await attack(page, name);
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
      const after = await heapMb(page);

      await page.evaluate(() => (window as unknown as { hostile: { normal(n: number): void } }).hostile.normal(7));
      await expect(recorder.waitFor('normal', { where: (e) => e.payload.n === 7 })).resolves.toMatchObject({ payload: { n: 7 } });
      if (name === 'bigErrors') expect(recorder.errors).toHaveLength(200);
      expect(after - before, `retained ${(after - before).toFixed(1)} MB`).toBeLessThan(RETAINED_MB);
      expect(await largestBatch(page)).toBeLessThanOrEqual(MAX_BATCH_CHARACTERS);
      expect(errors).toEqual([]);
      test.info().annotations.push({ type: 'retained', description: `${(after - before).toFixed(1)} MB` });
    });
  }
});

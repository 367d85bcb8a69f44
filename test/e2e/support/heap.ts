import type { Page } from '@playwright/test';

/**
 * The page's JS heap after a full garbage collection, in MiB, through the DevTools protocol (the
 * page and the extension's content script share the renderer's isolate, so it counts both).
 *
 * @example
 * const before = await heapMb(page); await page.evaluate(() => flood()); expect((await heapMb(page)) - before).toBeLessThan(32)
 */
export const heapMb = async (page: Page): Promise<number> => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1024 / 1024;
};

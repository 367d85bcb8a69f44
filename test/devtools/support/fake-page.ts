import type { Page } from '@playwright/test';

/**
 * Just enough of a Playwright page for `recordBus`: the recorder's binding is called directly with
 * page messages; it has no frame but the main one, and no page event ever fires.
 *
 * @example
 * const { page, send } = fakePage(); const recorder = await recordBus(page); send(helloMessage)
 */
export const fakePage = () => {
  let forward: ((message: unknown) => void) | undefined;
  const page = {
    exposeBinding: async (_name: string, fn: (source: unknown, message: unknown) => void) => {
      forward = (message) => fn({}, message);
    },
    addInitScript: async () => {},
    evaluate: async () => {},
    on: () => page,
    frames: () => [page],
  };
  return { page: page as unknown as Page, send: (message: unknown) => forward?.(message) };
};

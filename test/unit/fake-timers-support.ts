/**
 * What Jest's fake timers replace by default: every timer API, `queueMicrotask` included (and
 * `process.nextTick`, left out here because Vitest's forks pool cannot fake it). Vitest's default
 * leaves `queueMicrotask` alone.
 *
 * @example
 * vi.useFakeTimers({ toFake: [...JEST_DEFAULT_FAKES] })
 */
export const JEST_DEFAULT_FAKES = [
  'Date',
  'hrtime',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

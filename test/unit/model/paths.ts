/**
 * The ways a program is run on the real bus. Each must agree with the model: the dispatch rules
 * are the same whichever entry point is used and whatever is attached.
 */
export interface Path {
  /** How root dispatches are made (nested ones say their own). */
  readonly method: 'emit' | 'publish';
  /** `createTestBus()` instead of `createBus()`: `published` is compared too. */
  readonly testBus: boolean;
  /** A middleware that returns its input unchanged, added before the program's. */
  readonly passThrough: boolean;
  /** A recording inspector (and the program's failing one) attached: decisions are compared too. */
  readonly inspected: boolean;
  /** `sticky: true` (emit leaves its hot path to remember events): `bus.last()` of every type is compared too. */
  readonly sticky: boolean;
}

const plain = { testBus: false, passThrough: false, inspected: false, sticky: false } as const;

export const PATHS = {
  emit: { ...plain, method: 'emit' },
  publish: { ...plain, method: 'publish' },
  'emit + pass-through middleware': { ...plain, method: 'emit', passThrough: true },
  'emit + inspector': { ...plain, method: 'emit', inspected: true },
  'publish + inspector': { ...plain, method: 'publish', inspected: true },
  'createTestBus emit': { ...plain, method: 'emit', testBus: true },
  'createTestBus publish': { ...plain, method: 'publish', testBus: true },
  'emit on a sticky bus': { ...plain, method: 'emit', sticky: true },
} as const satisfies Record<string, Path>;

export type PathName = keyof typeof PATHS;

/** The types whose `bus.last()` a sticky path compares (an undefined one reads as a payload-less event). */
export const STICKY_TYPES = ['a', 'b', 'Base', 'Child'] as const;

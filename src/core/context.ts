import { eventTypeOf } from './event-type';
import type { Sub } from './subscriptions';
import type { EventClass, HandlerContext, PublishReport } from './types';

/** A {@link PublishReport} while its dispatch runs. */
export type Report = { -readonly [K in keyof PublishReport]: PublishReport[K] };

/**
 * What the bus tells its observer (installed by `inspect()`), as positional arguments so that the
 * core carries no observation shapes: see `Probe` kinds in inspect.ts.
 */
export type Probe = (kind: number, ctx: Context | undefined, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => void;

/** A bus's internals, behind the symbol {@link CORE}: what contexts, `inspect()` and helpers need. */
export interface Core {
  readonly id: string;
  /** Dispatch with an explicit cause; `wait` (publish) returns the report's promise. */
  d(target: unknown, payload: unknown, parent: Context | undefined, wait: boolean): Promise<unknown> | undefined;
  /** The observer, while anything inspects the bus. */
  o: Probe | undefined;
  /** Sets (or, with undefined, removes) the observer. */
  w(observer: Probe | undefined): void;
  /** Every active subscription. */
  s(): Sub[];
}

/** The door from a bus to its internals (for `inspect()`, sagas and transports; not public API). */
export const CORE: unique symbol = Symbol('hubbub');

let idCore: Core | undefined;
let idHundreds = -1;
let idPrefix = '';

/**
 * `${bus id}.${n}`. Converting a large number to a string is a slow runtime call (most of an
 * awaited publish's own cost), so the prefix up to the hundreds is made once per hundred ids.
 */
const idOf = (core: Core, n: number): string => {
  const hundreds = (n / 100) | 0;
  if (core !== idCore || hundreds !== idHundreds) {
    idCore = core;
    idHundreds = hundreds;
    idPrefix = `${core.id}.${hundreds || ''}`;
  }
  const rest = n % 100;
  return idPrefix + (hundreds && rest < 10 ? '0' : '') + rest;
};

/**
 * One dispatch's {@link HandlerContext}. Everything but the depth is computed on first read, so a
 * dispatch whose handlers never look at it costs one small allocation and no clock read.
 */
export class Context implements HandlerContext<never> {
  declare readonly b: Core;
  declare readonly k: string | EventClass;
  declare readonly n: number;
  declare readonly parent: Context | undefined;
  declare readonly depth: number;
  declare t: number;
  declare i: string | undefined;
  /** The event as it goes (middleware may replace it). */
  declare e: unknown;
  /** The report, for a dispatch that goes through middleware, an observer, or is a publish. */
  declare r: Report | undefined;

  constructor(b: Core, k: string | EventClass, n: number, parent: Context | undefined, e: unknown) {
    this.b = b;
    this.k = k;
    this.n = n;
    this.parent = parent;
    this.depth = parent ? parent.depth + 1 : 0;
    this.t = 0;
    this.i = undefined;
    this.e = e;
    this.r = undefined;
  }

  get type(): string {
    return typeof this.k === 'string' ? this.k : eventTypeOf(this.k);
  }

  get id(): string {
    this.i ??= idOf(this.b, this.n);
    return this.i;
  }

  /** Read on first access, or when the dispatch goes async or is observed. */
  get timestamp(): number {
    this.t ||= Date.now();
    return this.t;
  }

  get correlationId(): string {
    return this.parent ? this.parent.correlationId : this.id;
  }

  get causationId(): string | undefined {
    return this.parent?.id;
  }

  get emit(): never {
    return ((target: unknown, payload: unknown) => {
      this.b.d(target, payload, this, false);
    }) as never;
  }

  get publish(): never {
    return ((target: unknown, payload: unknown) => publishFrom(this.b, target, payload, this)) as never;
  }
}

/** Publishes with an explicit cause; a bad argument rejects (like any failure of an async call) instead of throwing. */
export const publishFrom = (core: Core, target: unknown, payload: unknown, parent: Context | undefined): Promise<unknown> => {
  try {
    return core.d(target, payload, parent, true) as Promise<unknown>;
  } catch (error) {
    return Promise.reject(error);
  }
};

/** The event types from the root of the causal chain down to `c`. */
export const chainOf = (c: Context | undefined): string[] => (c ? [...chainOf(c.parent), c.type] : []);

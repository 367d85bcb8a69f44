import { eventTypeOf } from './event-type';
import type { EventClass, EventMeta, HandlerContext, PublishReport } from './types';

/** A {@link PublishReport} while its dispatch runs. */
export type Report = { -readonly [K in keyof PublishReport]: PublishReport[K] } & { errors: unknown[] };

/** What a context needs from its bus: its id, and dispatch with an explicit cause. */
export interface Core {
  readonly id: string;
  d(target: unknown, payload: unknown, parent: Context | undefined, wait: boolean): Promise<unknown> | undefined;
}

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
  /** Waited for (publish). */
  declare readonly w: boolean;
  /** Observed (the bus has inspectors). */
  declare readonly v: boolean;
  /** The report, for a publish or when middleware or inspectors are attached. */
  declare r: Report | undefined;

  constructor(b: Core, k: string | EventClass, n: number, parent: Context | undefined, e: unknown, w: boolean, v: boolean) {
    this.b = b;
    this.k = k;
    this.n = n;
    this.parent = parent;
    this.depth = parent ? parent.depth + 1 : 0;
    this.t = 0;
    this.e = e;
    this.w = w;
    this.v = v;
    this.r = undefined;
  }

  get type(): string {
    return typeof this.k === 'string' ? this.k : eventTypeOf(this.k);
  }

  get id(): string {
    this.i ??= `${this.b.id}.${this.n}`;
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

/** A plain snapshot of a context's metadata, safe to keep, spread and serialize. */
export const metaOf = (c: Context): EventMeta => ({
  type: c.type,
  id: c.id,
  timestamp: c.timestamp,
  correlationId: c.correlationId,
  causationId: c.causationId,
  depth: c.depth,
});

/** The event types from the root of the causal chain down to `c`. */
export const chainOf = (c: Context | undefined): string[] => (c ? [...chainOf(c.parent), c.type] : []);

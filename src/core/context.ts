// dispatch.ts imports this module too: the cycle is safe, these are only called once a bus dispatches.
import { dispatch, publishCausedBy } from './dispatch';
import { EMPTY } from './empty';
import { eventTypeOf } from './event-type';
import type { BusCore, Observer } from './internals';
import type { EventClass, MiddlewareContext, PublishReport } from './types';

/** A {@link PublishReport} while its dispatch runs. */
export type Report = { -readonly [K in keyof PublishReport]: PublishReport[K] };

/** `${bus id}.${n}`: the id of dispatch number `sequence` of `core`. */
export const eventIdOf = (core: BusCore, sequence: number): string => `${core._id}.${sequence}`;

/** A dispatch's report as it starts. */
export const newReport = (id: string, type: string): Report => ({ id, type, delivered: 0, errors: EMPTY });

/**
 * One dispatch: its event as it goes through middleware, its cause, report and observer, and the
 * {@link MiddlewareContext} handlers and middleware receive. Id, type, depth and timestamp are
 * computed on first read, and the block reason and timestamp are stored only once set, so the
 * context a hot-path dispatch makes for a handler that declares one is a single small object.
 */
export class Context implements MiddlewareContext<never> {
  declare readonly _core: BusCore;
  declare readonly _key: string | EventClass;
  /** The event as it goes (a middleware may replace it). */
  declare _event: unknown;
  /** Its number in the bus until the id is first read, then the id (`${bus id}.${n}`): one field, made lazily. */
  declare private _id: number | string;
  declare readonly _parent: Context | undefined;
  /** The report, for every dispatch but a hot-path emit (set once made: see `dispatch`). */
  declare _report: Report | undefined;
  /** The observer attached when the dispatch started, if any: its inspectors see the whole dispatch (until one is detached). */
  declare readonly _observer: Observer | undefined;
  /** Set by `block(reason?)`: undefined until a middleware blocks the event explicitly, then its reason, or null without one. */
  declare _blockReason?: string | null;
  declare private _readAt?: number;

  constructor(
    core: BusCore,
    key: string | EventClass,
    event: unknown,
    sequence: number,
    parent?: Context,
    observer?: Observer,
    report?: Report,
  ) {
    this._core = core;
    this._key = key;
    this._event = event;
    this._id = sequence;
    this._parent = parent;
    this._observer = observer;
    this._report = report;
  }

  get depth(): number {
    return this._parent ? this._parent.depth + 1 : 0;
  }

  get type(): string {
    return typeof this._key === 'string' ? this._key : eventTypeOf(this._key);
  }

  get id(): string {
    if (typeof this._id === 'number') this._id = eventIdOf(this._core, this._id);
    return this._id;
  }

  /** Read on first access, or when the dispatch goes async or is observed. */
  get timestamp(): number {
    this._readAt ??= Date.now();
    return this._readAt;
  }

  get correlationId(): string {
    return this._parent ? this._parent.correlationId : this.id;
  }

  get causationId(): string | undefined {
    return this._parent?.id;
  }

  get emit(): never {
    return ((target: unknown, payload: unknown) => {
      dispatch(this._core, target, payload, this, false);
    }) as never;
  }

  get publish(): never {
    return ((target: unknown, payload: unknown) => publishCausedBy(this._core, target, payload, this)) as never;
  }

  get block(): (reason?: string) => null {
    return (reason) => {
      this._blockReason = reason ?? null;
      return null;
    };
  }
}

/** The event types from the root of the causal chain down to `context`. */
export const chainOf = (context: Context | undefined): string[] => (context ? [...chainOf(context._parent), context.type] : []);

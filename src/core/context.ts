import type { Emit, HandlerContext, Publish } from './types';

/** What a context needs from its bus to dispatch with causation. */
export interface Dispatcher {
  readonly id: string;
  emitFrom(parent: Context, args: unknown[]): void;
  publishFrom(parent: Context, args: unknown[]): Promise<unknown>;
}

/**
 * One dispatch's {@link HandlerContext}. Id, timestamp and the bound emit/publish are made on
 * first use, so a dispatch whose handlers never look costs one small allocation.
 */
export class Context implements HandlerContext<never> {
  readonly depth: number;
  private i: string | undefined;
  private ts = 0;
  private e: Emit<never> | undefined;
  private p: Publish<never> | undefined;

  constructor(
    private readonly b: Dispatcher,
    readonly type: string,
    private readonly seq: number,
    readonly parent: Context | undefined,
  ) {
    this.depth = parent ? parent.depth + 1 : 0;
  }

  get id(): string {
    if (this.i === undefined) this.i = `${this.b.id}.${this.seq}`;
    return this.i;
  }

  get timestamp(): number {
    return this.stamp();
  }

  /** Reads the clock now unless it was read already. */
  stamp(): number {
    if (this.ts === 0) this.ts = Date.now();
    return this.ts;
  }

  get correlationId(): string {
    return this.parent ? this.parent.correlationId : this.id;
  }

  get causationId(): string | undefined {
    return this.parent?.id;
  }

  get emit(): Emit<never> {
    if (!this.e) this.e = ((...args: unknown[]) => this.b.emitFrom(this, args)) as Emit<never>;
    return this.e;
  }

  get publish(): Publish<never> {
    if (!this.p) this.p = ((...args: unknown[]) => this.b.publishFrom(this, args)) as Publish<never>;
    return this.p;
  }

  /** Ids from the root event down to this one. */
  chain(): string[] {
    return this.parent ? [...this.parent.chain(), this.id] : [this.id];
  }
}

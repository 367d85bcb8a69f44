/**
 * What one run of a program records, on the real bus or in the model. Event ids are opaque
 * strings on the bus and dispatch serial numbers in the model: {@link canonical} renames both to
 * `#0, #1, ...` in order of first appearance, so equal results mean the same causal structure.
 */

/**
 * A dispatch's identity as a handler, middleware or onError sees it (`cause`/`root`: causationId,
 * correlationId; `clock`: whether `timestamp` is a finite number).
 */
export interface SeenContext<Id> {
  readonly type: string;
  readonly id: Id;
  readonly depth: number;
  readonly cause: Id | undefined;
  readonly root: Id;
  readonly clock: boolean;
}

export type TraceEntry<Id> =
  /** A handler ran; `ctx` only for handlers that declare it. */
  | { readonly handler: string; readonly event: string; readonly ctx?: SeenContext<Id> }
  | { readonly middleware: string; readonly event: string; readonly ctx: SeenContext<Id> }
  | { readonly onError: string; readonly error: string; readonly event: string; readonly ctx: SeenContext<Id> }
  /** A root emit/publish call returned (what ran before it ran synchronously). */
  | { readonly returned: string };

export interface ReportSummary<Id> {
  readonly serial: number;
  readonly id: Id;
  readonly type: string;
  readonly delivered: number;
  readonly errors: readonly string[];
  readonly blockedBy?: string;
  readonly blockReason?: string;
}

/** What an inspector saw: middleware decisions and handler starts (with the subscription's label). */
export type Observed<Id> =
  | { readonly eventId: Id; readonly middleware: string; readonly decision: string; readonly reason?: string }
  | { readonly eventId: Id; readonly handlerStart: string };

export interface RunResult<Id> {
  readonly trace: TraceEntry<Id>[];
  /** Every publish's report, by dispatch serial. */
  readonly reports: ReportSummary<Id>[];
  readonly observed: Observed<Id>[];
  /** `createTestBus().published`, as `type event`. */
  readonly published: string[];
  /** `bus.last(type)` of a sticky bus, as `type event`, for each type that has one. */
  readonly last: string[];
  /** console.error calls (all must carry the `[hubbub]` prefix). */
  readonly logged: number;
  /** What went wrong outside the contract: unhandled rejections, unprefixed logs, a root emit that threw, a runaway or hung run. */
  readonly anomalies: string[];
}

const ID_FIELDS = new Set(['id', 'cause', 'root', 'eventId']);

/** Renames ids to `#n` by first appearance (depth-first, in field order), leaving undefined ones. */
export const canonical = <Id>(result: RunResult<Id>): RunResult<string> => {
  const renamed = new Map<unknown, string>();
  const rename = (id: unknown) => {
    if (id === undefined) return undefined;
    let name = renamed.get(id);
    if (name === undefined) {
      name = `#${renamed.size}`;
      renamed.set(id, name);
    }
    return name;
  };
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = ID_FIELDS.has(key) ? rename(field) : walk(field);
    return out;
  };
  return walk(result) as RunResult<string>;
};

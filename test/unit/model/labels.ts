/**
 * How runs are compared: every event value, error and participant is reduced to a short label,
 * computed the same way from the real bus's values and from the model's.
 */

/** The class events of the generated programs. */
export class Base {
  static type = 'Base';
  constructor(readonly tag: string) {}
}
export class Child extends Base {
  static override type = 'Child';
}

/** The label of a payload-less event. */
export const NO_PAYLOAD = '∅';
/** The label of every storm refusal (its type and depth show in the records around it). */
export const STORM = 'EventStormError';

/** A real event value's label: the payload string, `∅` for undefined, `Child(tag)` for an instance. */
export const labelOf = (value: unknown): string => {
  if (value === undefined) return NO_PAYLOAD;
  if (typeof value === 'string') return value;
  if (value instanceof Child) return `Child(${value.tag})`;
  return `unexpected:${String(value)}`;
};

/** The value a root or nested dispatch number `serial` sends. */
export const eventFor = (target: 'a' | 'b' | 'Child', payloadless: boolean, serial: number): unknown => {
  if (target === 'Child') return new Child(`e${serial}`);
  return payloadless ? undefined : `e${serial}`;
};

/** The model's label for {@link eventFor}. */
export const eventLabelFor = (target: 'a' | 'b' | 'Child', payloadless: boolean, serial: number): string =>
  labelOf(eventFor(target, payloadless, serial));

/** What a transforming middleware named `name` returns for `value` (a new value, never the same). */
export const transform = (value: unknown, name: string): unknown =>
  value instanceof Child ? new Child(`${value.tag}~${name}`) : `${labelOf(value)}~${name}`;

/** The model's label for {@link transform}. */
export const transformLabel = (label: string, name: string): string =>
  label.startsWith('Child(') ? `${label.slice(0, -1)}~${name})` : `${label}~${name}`;

/** Errors the programs throw, labelled by who threw them and a per-run counter. */
const errorLabels = new WeakMap<object, string>();
export const makeError = (label: string): Error => {
  const error = new Error(label);
  errorLabels.set(error, label);
  return error;
};

/** A thrown or rejected value's label: ours by their label, a storm refusal as `EventStormError`, anything else by name and message. */
export const errorLabelOf = (error: unknown): string => {
  if (typeof error === 'object' && error !== null) {
    const own = errorLabels.get(error);
    if (own !== undefined) return own;
    if ((error as Error).name === STORM) return STORM;
    return `unexpected ${(error as Error).name}: ${(error as Error).message}`;
  }
  return `unexpected ${String(error)}`;
};

/** Names a participant has in the records (stable across model and runner). */
export const names = {
  handler: (index: number) => `h${index}`,
  handlerOnError: (index: number) => `h${index}.onError`,
  busOnError: 'bus.onError',
  middleware: (index: number) => `m${index}`,
  /** What the bus must report as `blockedBy` for middleware #index named this way. */
  blockedBy: (index: number, naming: 'option' | 'function' | 'anonymous') =>
    naming === 'option' ? `opt-m${index}` : naming === 'function' ? `fn-m${index}` : 'middleware',
  blockReason: (index: number) => `why-m${index}`,
  subscriptionLabel: (index: number, labelled: boolean) => (labelled ? `L-h${index}` : `h${index}`),
};

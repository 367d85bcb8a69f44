import { isRecord } from '../../protocol';

/**
 * How a value is written: `data` as it was recorded (markers kept, for the replay to revive);
 * `expected` as what a test expects (markers become values or matchers).
 */
export type LiteralMode = { readonly kind: 'data' } | { readonly kind: 'expected'; readonly recordedAt: number };

/**
 * Numbers and dates this close to the event's recorded time are written `expect.any(...)`: a
 * replay runs at another time, so a `Date.now()` taken by a handler cannot match.
 */
const NEAR_RECORDING_MS = 24 * 60 * 60 * 1000;

/** Lines longer than this are broken, one item a line. */
const LINE_WIDTH = 100;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const keyText = (key: string) => (IDENTIFIER.test(key) ? key : quote(key));

const SPECIAL_NUMBERS: Record<string, string> = {
  NaN: 'Number.NaN',
  Infinity: 'Number.POSITIVE_INFINITY',
  '-Infinity': 'Number.NEGATIVE_INFINITY',
  '-0': '-0',
};

const isNearRecording = (time: number, mode: LiteralMode) =>
  mode.kind === 'expected' && Math.abs(time - mode.recordedAt) <= NEAR_RECORDING_MS;

const join = (open: string, items: readonly string[], close: string, indent: string): string => {
  if (items.length === 0) return `${open}${close}`;
  const flat = `${open}${open === '{' ? ' ' : ''}${items.join(', ')}${open === '{' ? ' ' : ''}${close}`;
  if (flat.length + indent.length <= LINE_WIDTH && !flat.includes('\n')) return flat;
  const inner = `${indent}  `;
  return `${open}\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}${close}`;
};

/**
 * An object literal of fields already written: on one line when it fits, else one field a line.
 *
 * @example
 * objectLiteral(["type: 'a'", 'payload: 1'], '  ') // "{ type: 'a', payload: 1 }"
 */
export const objectLiteral = (fields: readonly string[], indent: string): string => join('{', fields, '}', indent);

/** A recorded `$hubbub` marker as what a test expects: the value where it can be rebuilt, else a matcher. */
const markerText = (marker: Record<string, unknown>, mode: LiteralMode, indent: string): string => {
  switch (marker.$hubbub) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return SPECIAL_NUMBERS[String(marker.value)] ?? 'expect.any(Number)';
    case 'bigint':
      return typeof marker.value === 'string' && /^-?\d+$/.test(marker.value) ? `${marker.value}n` : 'expect.any(BigInt)';
    case 'date': {
      const time = typeof marker.iso === 'string' ? Date.parse(marker.iso) : Number.NaN;
      return Number.isNaN(time) || isNearRecording(time, mode) ? 'expect.any(Date)' : `new Date(${quote(String(marker.iso))})`;
    }
    case 'regexp':
      return `new RegExp(${quote(String(marker.source))}, ${quote(String(marker.flags))})`;
    case 'map':
      if (Array.isArray(marker.entries) && marker.entries.length === marker.size) {
        const pairs = marker.entries.map((pair: unknown) => literalOf(pair, mode, `${indent}  `));
        return `new Map(${join('[', pairs, ']', indent)})`;
      }
      return 'expect.any(Map)';
    case 'set':
      if (Array.isArray(marker.values) && marker.values.length === marker.size) {
        return `new Set(${join(
          '[',
          marker.values.map((v: unknown) => literalOf(v, mode, `${indent}  `)),
          ']',
          indent,
        )})`;
      }
      return 'expect.any(Set)';
    case 'instance':
      // toEqual compares fields, not prototypes: the class's fields are what the test can check.
      return isRecord(marker.fields) ? literalOf(marker.fields, mode, indent) : 'expect.anything()';
    default:
      // redacted, truncated, circular, function, symbol, dom, error, typed-array, unreadable: lost on the way.
      return 'expect.anything()';
  }
};

/**
 * Writes a recorded (serialized) value as TypeScript source. In `expected` mode markers become
 * values (`new Date(...)`, `new Map(...)`, `10n`) or matchers (`expect.anything()` for what the
 * recording lost, `expect.any(Number)` for times near the recording).
 *
 * @example
 * literalOf({ at: 1764496800000, sku: 'tea' }, { kind: 'expected', recordedAt: 1764496800100 }) // "{ at: expect.any(Number), sku: 'tea' }"
 */
export const literalOf = (value: unknown, mode: LiteralMode, indent = ''): string => {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && isNearRecording(value, mode)) return 'expect.any(Number)';
    return Number.isFinite(value) ? String(value) : 'null';
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return join(
      '[',
      value.map((item) => literalOf(item, mode, `${indent}  `)),
      ']',
      indent,
    );
  if (isRecord(value)) {
    if (mode.kind === 'expected' && typeof value.$hubbub === 'string') return markerText(value, mode, indent);
    const fields = Object.entries(value).map(([key, field]) => `${keyText(key)}: ${literalOf(field, mode, `${indent}  `)}`);
    return join('{', fields, '}', indent);
  }
  return 'undefined';
};

/** A string literal in single quotes (the repo's and most formatters' style). */
export const quote = (text: string): string => `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;

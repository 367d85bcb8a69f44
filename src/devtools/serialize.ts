import type { SerializedError, SerializedMarker, SerializedValue } from './protocol';

/**
 * Caps that keep one serialized value small and bounded, whatever the app passes.
 *
 * @example
 * serialize(hugeState, { ...DEFAULT_LIMITS, maxDepth: 4, maxString: 200 })
 */
export interface SerializeLimits {
  /** Nesting depth kept; deeper values become a `truncated: depth` marker. Default 10. */
  maxDepth: number;
  /** Keys, items or entries kept per object, array, Map or Set. Default 200. */
  maxKeys: number;
  /** Characters kept per string. Default 10,000. */
  maxString: number;
  /** Approximate characters of the whole value; past it, the rest becomes `truncated: size` markers. Default 256 KiB. */
  maxBytes: number;
}

/**
 * A serialized value and its approximate JSON size in characters.
 *
 * @example
 * const { value, bytes } = serialize(payload) // value: JSON-safe, bytes: about JSON.stringify(value).length
 */
export interface Serialized {
  readonly value: SerializedValue;
  readonly bytes: number;
}

/**
 * The default {@link SerializeLimits}: depth 10, 200 keys, 10,000 characters per string, 256 KiB per payload.
 *
 * @example
 * connectDevtools(bus, { limits: { maxString: DEFAULT_LIMITS.maxString * 10 } })
 */
export const DEFAULT_LIMITS: Readonly<SerializeLimits> = Object.freeze({
  maxDepth: 10,
  maxKeys: 200,
  maxString: 10_000,
  maxBytes: 256 * 1024,
});

/**
 * Put this where a `sanitize` function hides a value: it is sent as the protocol's `redacted` marker.
 *
 * @example
 * connectDevtools(bus, { sanitize: (p) => ({ ...(p as object), password: REDACTED }) })
 */
export const REDACTED: unique symbol = Symbol.for('hubbub.redacted');

const TYPED_PREVIEW = 20;
const MARKER_BYTES = 40;
const REDACTED_MARKER: SerializedMarker = Object.freeze({ $hubbub: 'redacted' });
const UNDEFINED_MARKER: SerializedMarker = Object.freeze({ $hubbub: 'undefined' });

const messageOf = (error: unknown): string => {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
};

const readString = (read: () => unknown): string | undefined => {
  try {
    const value = read();
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
};

/** Characters kept of an error message (twice that of a stack): a thrown 50 MB string must not become a 50 MB message. */
const ERROR_TEXT = 10_000;

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;

/**
 * An error (or anything thrown) as the panel shows it: name, message, stack (long texts cut). Never throws.
 *
 * @example
 * serializeError(new TypeError('bad')) // { name: 'TypeError', message: 'bad', stack: '...' }
 */
export const serializeError = (error: unknown): SerializedError => {
  if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    const name = clip(readString(() => e.name) ?? readString(() => error.constructor?.name) ?? 'Error', 200);
    const message = clip(readString(() => e.message) ?? messageOf(error), ERROR_TEXT);
    const stack = readString(() => e.stack);
    return stack === undefined ? { name, message } : { name, message, stack: clip(stack, ERROR_TEXT * 2) };
  }
  return { name: typeof error, message: clip(messageOf(error), ERROR_TEXT) };
};

const describeNode = (node: { nodeType: number; nodeName: string }): string => {
  const element = node as unknown as { id?: unknown; classList?: ArrayLike<string>; textContent?: unknown };
  if (node.nodeType === 1) {
    const id = typeof element.id === 'string' && element.id ? `#${element.id}` : '';
    const classes = element.classList ? Array.from(element.classList, (c) => `.${c}`).join('') : '';
    return `<${node.nodeName.toLowerCase()}${id}${classes}>`;
  }
  if (node.nodeType === 3) {
    const text = typeof element.textContent === 'string' ? element.textContent : '';
    return `#text "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
  }
  return node.nodeName;
};

/** Sets an own field; a `__proto__` key (JSON.parse makes those) stays a field instead of replacing the prototype. */
export const setField = <T>(target: Record<string, T>, key: string, value: T): void => {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
};

/** JSON turns NaN and ±Infinity into null anyway; -0 becomes 0. */
const finiteOrNull = (n: number): number | null => (Number.isFinite(n) ? n + 0 : null);

const isNode = (value: object): value is { nodeType: number; nodeName: string } =>
  typeof (value as { nodeType?: unknown }).nodeType === 'number' && typeof (value as { nodeName?: unknown }).nodeName === 'string';

const isWindow = (value: object): boolean => typeof window !== 'undefined' && value === window;

const className = (value: object): string => {
  const proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  if (proto === null) return 'Object';
  const ctor = proto.constructor;
  return typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name ? ctor.name : 'Object';
};

/** Where a child sits in its parent: an object key, an array index, or a Map/Set position (`\0`-prefixed). */
type Segment = string | number;

const formatPath = (segments: readonly Segment[]): string => {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (segment.startsWith('\0')) path += segment.slice(1);
    else path += `.${segment}`;
  }
  return path;
};

/**
 * Walks a value once, producing JSON-safe output within the limits. Every read that can run
 * app code (getters, proxy traps) is guarded, so nothing ever throws out of here. Paths are only
 * formatted when a cycle needs one.
 */
class Walker {
  used = 0;
  private readonly ancestors: object[] = [];
  /** `segments[i]` is where `ancestors[i + 1]` sits in `ancestors[i]`. */
  private readonly segments: Segment[] = [];
  private limits: SerializeLimits = DEFAULT_LIMITS;
  private redactKey: ((key: string) => boolean) | undefined;

  reset(limits: SerializeLimits, redactKey: ((key: string) => boolean) | undefined): this {
    this.used = 0;
    this.limits = limits;
    this.redactKey = redactKey;
    return this;
  }

  value(value: unknown, depth: number, segment: Segment): SerializedValue {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        this.used += 8;
        if (Number.isFinite(value)) return Object.is(value, -0) ? { $hubbub: 'number', value: '-0' } : value;
        if (Number.isNaN(value)) return { $hubbub: 'number', value: 'NaN' };
        return { $hubbub: 'number', value: value > 0 ? 'Infinity' : '-Infinity' };
      case 'boolean':
        this.used += 5;
        return value;
      case 'undefined':
        this.used += MARKER_BYTES;
        return UNDEFINED_MARKER;
      case 'bigint':
        this.used += MARKER_BYTES;
        return { $hubbub: 'bigint', value: value.toString() };
      case 'symbol':
        this.used += MARKER_BYTES;
        return value === REDACTED ? REDACTED_MARKER : { $hubbub: 'symbol', description: value.description ?? '' };
      case 'function':
        this.used += MARKER_BYTES;
        return { $hubbub: 'function', name: readString(() => value.name) || 'anonymous' };
      default:
        if (value === null) {
          this.used += 4;
          return null;
        }
        try {
          return this.object(value as object, depth, segment);
        } catch (error) {
          this.used += MARKER_BYTES;
          return { $hubbub: 'unreadable', reason: messageOf(error) };
        }
    }
  }

  private string(value: string): SerializedValue {
    const { maxString } = this.limits;
    if (value.length <= maxString) {
      this.used += value.length + 2;
      return value;
    }
    this.used += maxString + MARKER_BYTES;
    return { $hubbub: 'truncated', reason: 'string', omitted: value.length - maxString, preview: value.slice(0, maxString) };
  }

  private object(value: object, depth: number, segment: Segment): SerializedValue {
    const cycle = this.ancestors.indexOf(value);
    if (cycle !== -1) {
      this.used += MARKER_BYTES;
      return { $hubbub: 'circular', path: formatPath(this.segments.slice(0, cycle)) };
    }
    const proto: unknown = Object.getPrototypeOf(value);
    // Plain objects and arrays (nearly every payload) skip the checks for special objects.
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
      const leaf = this.leaf(value);
      if (leaf) {
        this.used += MARKER_BYTES;
        return leaf;
      }
    }
    if (depth >= this.limits.maxDepth) {
      this.used += MARKER_BYTES;
      return {
        $hubbub: 'truncated',
        reason: 'depth',
        omitted: 1,
        preview: Array.isArray(value) ? `Array(${value.length})` : className(value),
      };
    }
    if (this.ancestors.length > 0) this.segments.push(segment);
    this.ancestors.push(value);
    try {
      return this.container(value, depth + 1, proto);
    } finally {
      this.ancestors.pop();
      if (this.ancestors.length > 0) this.segments.pop();
    }
  }

  /** Objects shown whole as one marker. */
  private leaf(value: object): SerializedMarker | undefined {
    if (value instanceof Date) {
      const time = value.getTime();
      return { $hubbub: 'date', iso: Number.isNaN(time) ? 'Invalid Date' : value.toISOString() };
    }
    if (value instanceof RegExp) return { $hubbub: 'regexp', source: value.source, flags: value.flags };
    if (value instanceof Error) return { $hubbub: 'error', error: serializeError(value) };
    if (ArrayBuffer.isView(value)) {
      const items = value instanceof DataView ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value;
      const list = items as unknown as ArrayLike<number | bigint>;
      const preview = Array.from({ length: Math.min(list.length, TYPED_PREVIEW) }, (_, i) => finiteOrNull(Number(list[i])));
      this.used += preview.length * 4;
      return { $hubbub: 'typed-array', className: className(value), length: list.length, preview };
    }
    if (value instanceof ArrayBuffer) {
      const bytes = new Uint8Array(value, 0, Math.min(value.byteLength, TYPED_PREVIEW));
      return { $hubbub: 'typed-array', className: 'ArrayBuffer', length: value.byteLength, preview: Array.from(bytes) };
    }
    if (isWindow(value)) return { $hubbub: 'dom', description: 'Window' };
    if (isNode(value)) return { $hubbub: 'dom', description: describeNode(value) };
    return undefined;
  }

  private container(value: object, depth: number, proto: unknown): SerializedValue {
    if (Array.isArray(value)) return this.array(value, depth);
    const plain = proto === Object.prototype || proto === null;
    if (!plain && value instanceof Map) return this.map(value, depth);
    if (!plain && value instanceof Set) return this.set(value, depth);
    const name = plain ? 'Object' : className(value);
    const fields = this.fields(value, depth);
    if (name !== 'Object') return { $hubbub: 'instance', className: name, fields };
    // A plain object that has its own `$hubbub` key would read as a marker: send it as an instance.
    return Object.hasOwn(fields, '$hubbub') ? { $hubbub: 'instance', className: 'Object', fields } : fields;
  }

  private full(): boolean {
    return this.used > this.limits.maxBytes;
  }

  private unreadable(error: unknown): SerializedMarker {
    this.used += MARKER_BYTES;
    return { $hubbub: 'unreadable', reason: messageOf(error) };
  }

  private array(value: readonly unknown[], depth: number): SerializedValue {
    const length = value.length;
    const keep = Math.min(length, this.limits.maxKeys);
    const out: SerializedValue[] = [];
    this.used += 2;
    for (let i = 0; i < keep; i++) {
      if (this.full()) {
        out.push({ $hubbub: 'truncated', reason: 'size', omitted: length - i });
        return out;
      }
      let item: unknown;
      try {
        item = value[i];
      } catch (error) {
        out.push(this.unreadable(error));
        continue;
      }
      out.push(this.value(item, depth, i));
      this.used += 1;
    }
    if (keep < length) out.push({ $hubbub: 'truncated', reason: 'keys', omitted: length - keep });
    return out;
  }

  private fields(value: object, depth: number): { [key: string]: SerializedValue } {
    const keys = Object.keys(value);
    const keep = Math.min(keys.length, this.limits.maxKeys);
    const out: { [key: string]: SerializedValue } = {};
    this.used += 2;
    for (let i = 0; i < keep; i++) {
      const key = keys[i] as string;
      if (this.full()) {
        out['…'] = { $hubbub: 'truncated', reason: 'size', omitted: keys.length - i };
        return out;
      }
      this.used += key.length + 4;
      if (this.redactKey?.(key)) {
        setField(out, key, REDACTED_MARKER);
        continue;
      }
      let item: unknown;
      try {
        item = (value as Record<string, unknown>)[key];
      } catch (error) {
        setField(out, key, this.unreadable(error));
        continue;
      }
      setField(out, key, this.value(item, depth, key));
    }
    if (keep < keys.length) out['…'] = { $hubbub: 'truncated', reason: 'keys', omitted: keys.length - keep };
    return out;
  }

  private map(value: Map<unknown, unknown>, depth: number): SerializedMarker {
    const entries: (readonly [SerializedValue, SerializedValue])[] = [];
    let i = 0;
    for (const [key, item] of value) {
      if (i >= this.limits.maxKeys || this.full()) break;
      entries.push([this.value(key, depth, `\0<key ${i}>`), this.value(item, depth, `\0<value ${i}>`)]);
      i++;
    }
    this.used += MARKER_BYTES;
    return { $hubbub: 'map', size: value.size, entries };
  }

  private set(value: Set<unknown>, depth: number): SerializedMarker {
    const values: SerializedValue[] = [];
    let i = 0;
    for (const item of value) {
      if (i >= this.limits.maxKeys || this.full()) break;
      values.push(this.value(item, depth, `\0<${i}>`));
      i++;
    }
    this.used += MARKER_BYTES;
    return { $hubbub: 'set', size: value.size, values };
  }
}

let spare: Walker | undefined;

/** Keys of the largest object {@link flatPlain} copies; bigger ones take the walker. */
const FLAT_KEYS = 16;

/**
 * The common payload, a small plain object of strings, finite numbers, booleans and nulls, copied
 * in one pass with the walker's exact size estimate. Returns undefined for anything else (the
 * walker then does the work, and owns every marker, cap and guard).
 */
const flatPlain = (value: object, limits: SerializeLimits, redactKey: ((key: string) => boolean) | undefined): Serialized | undefined => {
  if (Object.getPrototypeOf(value) !== Object.prototype || limits.maxDepth < 1) return undefined;
  const keys = Object.keys(value);
  const count = keys.length;
  if (count > FLAT_KEYS || count > limits.maxKeys) return undefined;
  const out: { [key: string]: SerializedValue } = {};
  let used = 2;
  for (let i = 0; i < count; i++) {
    const key = keys[i] as string;
    if (key === '$hubbub' || key === '__proto__' || redactKey?.(key)) return undefined;
    const item: unknown = (value as Record<string, unknown>)[key];
    used += key.length + 4;
    if (typeof item === 'string') {
      if (item.length > limits.maxString) return undefined;
      used += item.length + 2;
    } else if (typeof item === 'number') {
      if (!Number.isFinite(item) || Object.is(item, -0)) return undefined;
      used += 8;
    } else if (typeof item === 'boolean') used += 5;
    else if (item === null) used += 4;
    else return undefined;
    out[key] = item as SerializedValue;
  }
  return used > limits.maxBytes ? undefined : { value: out, bytes: used };
};

/**
 * Turns any value into a JSON-safe tree the panel can show, within size limits. Never throws:
 * cycles, class instances, Map/Set, Date, BigInt, errors, DOM nodes, throwing getters, revoked
 * proxies and huge values all come out as tagged markers. Object fields whose key `redactKey`
 * accepts are sent as the `redacted` marker, at any depth.
 *
 * @example
 * const { value, bytes } = serialize({ at: new Date(0), tags: new Set(['a']) })
 * // value: { at: { $hubbub: 'date', iso: '1970-01-01T00:00:00.000Z' }, tags: { $hubbub: 'set', size: 1, values: ['a'] } }
 */
export const serialize = (value: unknown, limits: SerializeLimits = DEFAULT_LIMITS, redactKey?: (key: string) => boolean): Serialized => {
  if (value !== null && typeof value === 'object') {
    try {
      const flat = flatPlain(value, limits, redactKey);
      if (flat) return flat;
    } catch {}
  }
  // One walker is reused; a serialize() nested in another (a getter that emits) gets its own.
  const walker = (spare ?? new Walker()).reset(limits, redactKey);
  spare = undefined;
  try {
    const out = walker.value(value, 0, '');
    return { value: out, bytes: walker.used };
  } finally {
    spare = walker;
  }
};

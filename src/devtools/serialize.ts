import type { SerializedError, SerializedMarker, SerializedValue } from './protocol';
import { clip, copyStart, messageOf } from './text';

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
  /**
   * Characters kept per string: values, and also keys, names (functions, classes, symbols, DOM ids
   * and classes), RegExp sources, BigInt digits, error messages (stacks: twice). Default 10,000.
   */
  maxString: number;
  /**
   * Characters of JSON the whole value may take (each string weighed by its length, each marker by
   * what it holds); past it, the rest becomes `truncated: size` markers. Default 256 KiB.
   */
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
/** JSON of a marker besides the strings it holds, e.g. `{"$hubbub":"function","name":""}`: weighed so, plus those strings. */
const MARKER_BYTES = 40;
const REDACTED_MARKER: SerializedMarker = Object.freeze({ $hubbub: 'redacted' });
const UNDEFINED_MARKER: SerializedMarker = Object.freeze({ $hubbub: 'undefined' });
/** Characters kept of an error's name. */
const ERROR_NAME = 200;

const readString = (read: () => unknown): string | undefined => {
  try {
    const value = read();
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
};

/**
 * An error (or anything thrown) as the panel shows it: name, message and stack, each capped
 * (`maxString` characters of message, twice that of stack) and copied, so a thrown 50 MB string
 * neither travels nor stays alive. Never throws.
 *
 * @example
 * serializeError(new TypeError('bad')) // { name: 'TypeError', message: 'bad', stack: '...' }
 */
export const serializeError = (error: unknown, maxString: number = DEFAULT_LIMITS.maxString): SerializedError => {
  if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    const name = clip(readString(() => e.name) ?? readString(() => error.constructor?.name) ?? 'Error', ERROR_NAME);
    const message = clip(readString(() => e.message) ?? messageOf(error, maxString), maxString);
    const stack = readString(() => e.stack);
    return stack === undefined ? { name, message } : { name, message, stack: clip(stack, maxString * 2) };
  }
  return { name: typeof error, message: messageOf(error, maxString) };
};

/** The JSON size of a serialized error, as weighed. */
const errorBytes = (error: SerializedError): number => error.name.length + error.message.length + (error.stack?.length ?? 0) + 40;

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
 * app code (getters, proxy traps) is guarded, so nothing ever throws out of here. Every string it
 * writes goes through {@link Walker.name} or {@link Walker.string}, so every one is capped and
 * weighed. Paths are only formatted when a cycle needs one.
 */
class Walker {
  used = 0;
  private readonly ancestors: object[] = [];
  /** `segments[i]` is where `ancestors[i + 1]` sits in `ancestors[i]`. */
  private readonly segments: Segment[] = [];
  private limits: SerializeLimits = DEFAULT_LIMITS;
  private redactKey: ((key: string) => boolean) | undefined;

  /** Keys already listed for one object (the payload itself, by {@link serialize}), so they are not listed twice. */
  private listed: { readonly object: object; readonly keys: string[] } | undefined;

  reset(limits: SerializeLimits, redactKey: ((key: string) => boolean) | undefined, listed?: { object: object; keys: string[] }): this {
    this.used = 0;
    this.limits = limits;
    this.redactKey = redactKey;
    this.listed = listed;
    return this;
  }

  /** A descriptive text (key, name, description): capped with a note of what was cut, and weighed. */
  private name(text: string): string {
    const kept = clip(text, this.limits.maxString);
    this.used += kept.length + 2;
    return kept;
  }

  /** A marker's weight: its fixed JSON, plus the strings in it (weighed by {@link Walker.name}). */
  private marker<M extends SerializedMarker>(marker: M): M {
    this.used += MARKER_BYTES;
    return marker;
  }

  /** A value whose text is its identity (BigInt digits, a RegExp source): whole, or a `truncated: string` marker. */
  private cut(text: string, prefix: string): string | SerializedMarker {
    const { maxString } = this.limits;
    if (text.length <= maxString) {
      this.used += text.length;
      return text;
    }
    this.used += maxString + prefix.length + MARKER_BYTES;
    return { $hubbub: 'truncated', reason: 'string', omitted: text.length - maxString, preview: prefix + copyStart(text, maxString) };
  }

  value(value: unknown, depth: number, segment: Segment): SerializedValue {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        this.used += 8;
        if (Number.isFinite(value)) return Object.is(value, -0) ? this.marker({ $hubbub: 'number', value: '-0' }) : value;
        if (Number.isNaN(value)) return this.marker({ $hubbub: 'number', value: 'NaN' });
        return this.marker({ $hubbub: 'number', value: value > 0 ? 'Infinity' : '-Infinity' });
      case 'boolean':
        this.used += 5;
        return value;
      case 'undefined':
        return this.marker(UNDEFINED_MARKER);
      case 'bigint':
        return this.bigint(value);
      case 'symbol':
        if (value === REDACTED) return this.marker(REDACTED_MARKER);
        return this.marker({ $hubbub: 'symbol', description: this.name(value.description ?? '') });
      case 'function':
        return this.marker({ $hubbub: 'function', name: this.name(readString(() => value.name) || 'anonymous') });
      default:
        if (value === null) {
          this.used += 4;
          return null;
        }
        try {
          return this.object(value as object, depth, segment);
        } catch (error) {
          return this.unreadable(error);
        }
    }
  }

  private string(value: string): SerializedValue {
    const { maxString } = this.limits;
    if (value.length <= maxString) {
      this.used += value.length + 2;
      return value;
    }
    this.used += maxString + MARKER_BYTES + 20;
    return { $hubbub: 'truncated', reason: 'string', omitted: value.length - maxString, preview: copyStart(value, maxString) };
  }

  /**
   * A BigInt's decimal digits, or (when there are more than `maxString`) a `truncated` marker with
   * the start of its hex digits: hex costs time linear in the digits, decimal far more, so a
   * million-digit BigInt is never turned into decimal.
   */
  private bigint(value: bigint): SerializedValue {
    const hex = value.toString(16);
    // Decimal has about 1.2 digits per hex digit.
    if (hex.length * 1.21 <= this.limits.maxString) {
      const digits = value.toString();
      this.used += digits.length + MARKER_BYTES;
      return { $hubbub: 'bigint', value: digits };
    }
    const sign = hex.startsWith('-') ? '-' : '';
    return this.cut(sign ? hex.slice(1) : hex, `${sign}0x`) as SerializedValue;
  }

  private object(value: object, depth: number, segment: Segment): SerializedValue {
    const cycle = this.ancestors.indexOf(value);
    if (cycle !== -1) {
      const path = formatPath(this.segments.slice(0, cycle));
      return this.marker({ $hubbub: 'circular', path: this.name(path) });
    }
    const proto: unknown = Object.getPrototypeOf(value);
    // Plain objects and arrays (nearly every payload) skip the checks for special objects.
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
      const leaf = this.leaf(value);
      if (leaf) return this.marker(leaf);
    }
    if (depth >= this.limits.maxDepth) {
      return this.marker({
        $hubbub: 'truncated',
        reason: 'depth',
        omitted: 1,
        preview: Array.isArray(value) ? `Array(${value.length})` : this.name(className(value)),
      });
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

  /** Objects shown whole as one marker (weighed by the caller, plus the strings they hold). */
  private leaf(value: object): SerializedMarker | undefined {
    if (value instanceof Date) {
      const time = value.getTime();
      this.used += 26;
      return { $hubbub: 'date', iso: Number.isNaN(time) ? 'Invalid Date' : value.toISOString() };
    }
    if (value instanceof RegExp) {
      const source = this.cut(String(value.source), '/');
      if (typeof source !== 'string') return source as SerializedMarker;
      return { $hubbub: 'regexp', source, flags: this.name(String(value.flags)) };
    }
    if (value instanceof Error) {
      const error = serializeError(value, this.limits.maxString);
      this.used += errorBytes(error);
      return { $hubbub: 'error', error };
    }
    if (ArrayBuffer.isView(value)) {
      const items = value instanceof DataView ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value;
      const list = items as unknown as ArrayLike<number | bigint>;
      const preview = Array.from({ length: Math.min(list.length, TYPED_PREVIEW) }, (_, i) => finiteOrNull(Number(list[i])));
      this.used += preview.length * 8;
      return { $hubbub: 'typed-array', className: this.name(className(value)), length: list.length, preview };
    }
    if (value instanceof ArrayBuffer) {
      const bytes = new Uint8Array(value, 0, Math.min(value.byteLength, TYPED_PREVIEW));
      this.used += bytes.length * 4 + 13;
      return { $hubbub: 'typed-array', className: 'ArrayBuffer', length: value.byteLength, preview: Array.from(bytes) };
    }
    if (isWindow(value)) return { $hubbub: 'dom', description: this.name('Window') };
    if (isNode(value)) return { $hubbub: 'dom', description: this.name(this.describeNode(value)) };
    return undefined;
  }

  /** `<tag#id.class>`, `#text "…"` or the node's name; built only up to `maxString` characters (a node may have a million classes). */
  private describeNode(node: { nodeType: number; nodeName: string }): string {
    const max = this.limits.maxString;
    const element = node as unknown as { id?: unknown; classList?: ArrayLike<string>; textContent?: unknown };
    const nodeName = clip(node.nodeName, max);
    if (node.nodeType === 1) {
      let text = `<${nodeName.toLowerCase()}`;
      if (typeof element.id === 'string' && element.id) text += `#${clip(element.id, max)}`;
      const classes = element.classList;
      const count = classes ? Math.min(classes.length, this.limits.maxKeys) : 0;
      for (let i = 0; i < count && text.length <= max; i++) text += `.${clip(String(classes?.[i]), max)}`;
      return `${text}>`;
    }
    if (node.nodeType === 3) {
      const text = typeof element.textContent === 'string' ? element.textContent : '';
      return `#text "${text.length > 40 ? `${copyStart(text, 40)}…` : text}"`;
    }
    return nodeName;
  }

  private container(value: object, depth: number, proto: unknown): SerializedValue {
    if (Array.isArray(value)) return this.array(value, depth);
    const plain = proto === Object.prototype || proto === null;
    if (!plain && value instanceof Map) return this.map(value, depth);
    if (!plain && value instanceof Set) return this.set(value, depth);
    const name = plain ? 'Object' : this.name(className(value));
    const fields = this.fields(value, depth);
    if (name !== 'Object') return this.marker({ $hubbub: 'instance', className: name, fields });
    // A plain object that has its own `$hubbub` key would read as a marker: send it as an instance.
    return Object.hasOwn(fields, '$hubbub') ? this.marker({ $hubbub: 'instance', className: 'Object', fields }) : fields;
  }

  private full(): boolean {
    return this.used > this.limits.maxBytes;
  }

  private unreadable(error: unknown): SerializedMarker {
    return this.marker({ $hubbub: 'unreadable', reason: this.name(messageOf(error, this.limits.maxString)) });
  }

  private array(value: readonly unknown[], depth: number): SerializedValue {
    const length = value.length;
    const keep = Math.min(length, this.limits.maxKeys);
    const out: SerializedValue[] = [];
    this.used += 2;
    for (let i = 0; i < keep; i++) {
      if (this.full()) {
        out.push(this.marker({ $hubbub: 'truncated', reason: 'size', omitted: length - i }));
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
    if (keep < length) out.push(this.marker({ $hubbub: 'truncated', reason: 'keys', omitted: length - keep }));
    return out;
  }

  /**
   * Own enumerable string keys, at most `maxKeys` of them. (V8 lists a very wide object's keys in
   * full before handing out the first, whether by `Object.keys` or `for...in`: such an object
   * costs its key count once, so the list is read once and never copied.)
   */
  private fields(value: object, depth: number): { [key: string]: SerializedValue } {
    const keys = this.listed?.object === value ? this.listed.keys : Object.keys(value);
    this.listed = undefined;
    const keep = Math.min(keys.length, this.limits.maxKeys);
    const out: { [key: string]: SerializedValue } = {};
    this.used += 2;
    for (let i = 0; i < keep; i++) {
      const original = keys[i] as string;
      if (this.full()) {
        out['…'] = this.marker({ $hubbub: 'truncated', reason: 'size', omitted: keys.length - i });
        return out;
      }
      const key = this.name(original);
      this.used += 2;
      if (this.redactKey?.(key)) {
        setField(out, key, this.marker(REDACTED_MARKER));
        continue;
      }
      let item: unknown;
      try {
        item = (value as Record<string, unknown>)[original];
      } catch (error) {
        setField(out, key, this.unreadable(error));
        continue;
      }
      setField(out, key, this.value(item, depth, key));
    }
    if (keep < keys.length) out['…'] = this.marker({ $hubbub: 'truncated', reason: 'keys', omitted: keys.length - keep });
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
    return this.marker({ $hubbub: 'map', size: value.size, entries });
  }

  private set(value: Set<unknown>, depth: number): SerializedMarker {
    const values: SerializedValue[] = [];
    let i = 0;
    for (const item of value) {
      if (i >= this.limits.maxKeys || this.full()) break;
      values.push(this.value(item, depth, `\0<${i}>`));
      i++;
    }
    return this.marker({ $hubbub: 'set', size: value.size, values });
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
const flatPlain = (
  value: object,
  keys: readonly string[],
  limits: SerializeLimits,
  redactKey: ((key: string) => boolean) | undefined,
): Serialized | undefined => {
  const { maxString } = limits;
  const out: { [key: string]: SerializedValue } = {};
  let used = 2;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key.length > maxString || key === '$hubbub' || key === '__proto__' || redactKey?.(key)) return undefined;
    const item: unknown = (value as Record<string, unknown>)[key];
    used += key.length + 4;
    if (typeof item === 'string') {
      if (item.length > maxString) return undefined;
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
 * proxies and huge values all come out as tagged markers. Every string it writes is capped at
 * `maxString` and copied (a cut string never keeps the app's original alive). Object fields whose
 * key `redactKey` accepts are sent as the `redacted` marker, at any depth.
 *
 * @example
 * const { value, bytes } = serialize({ at: new Date(0), tags: new Set(['a']) })
 * // value: { at: { $hubbub: 'date', iso: '1970-01-01T00:00:00.000Z' }, tags: { $hubbub: 'set', size: 1, values: ['a'] } }
 */
export const serialize = (value: unknown, limits: SerializeLimits = DEFAULT_LIMITS, redactKey?: (key: string) => boolean): Serialized => {
  let listed: { object: object; keys: string[] } | undefined;
  if (value !== null && typeof value === 'object') {
    try {
      if (Object.getPrototypeOf(value) === Object.prototype && limits.maxDepth >= 1) {
        // Listed once: V8 lists a wide object's keys in full before handing out the first (for...in too).
        const keys = Object.keys(value);
        if (keys.length <= Math.min(FLAT_KEYS, limits.maxKeys)) {
          const flat = flatPlain(value, keys, limits, redactKey);
          if (flat) return flat;
        }
        listed = { object: value, keys };
      }
    } catch {}
  }
  // One walker is reused; a serialize() nested in another (a getter that emits) gets its own.
  const walker = (spare ?? new Walker()).reset(limits, redactKey, listed);
  spare = undefined;
  try {
    const out = walker.value(value, 0, '');
    return { value: out, bytes: walker.used };
  } finally {
    // Nothing of the app's stays with the spare walker.
    spare = walker.reset(DEFAULT_LIMITS, undefined);
  }
};

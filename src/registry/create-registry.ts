import { eventTypeOf } from '../core/event-type';
import type { EventClass, EventMap, PayloadArgs, StringKey } from '../core/types';
import { type CheckedDefinition, checkDefinition, describeKey, typeOfKey } from './check-definition';
import { EventDecodeError } from './decode-error';
import type { StandardSchemaV1 } from './standard-schema';
import { describeIssues, kindOf, textOf } from './text';

/**
 * A serialized event: what crosses tabs, servers and storage.
 *
 * @example
 * const envelope: EventEnvelope = { type: 'cart/added', version: 2, data: { sku: 'tea', qty: 1 } }
 */
export interface EventEnvelope {
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
}

/**
 * How the registry knows one event type.
 *
 * @example
 * registry.define('cart/added', { version: 2, schema, upcasters: { 1: (v1: { sku: string }) => ({ ...v1, qty: 1 }) } })
 */
export interface EventDefinition<T = unknown> {
  /** The current version. Default: the class's `static version`, else 1. */
  version?: number | undefined;
  /** Validates the (upcast) data of the current version; any Standard Schema v1 validator. */
  schema?: StandardSchemaV1<unknown, T> | undefined;
  /**
   * `upcasters[n]` turns version-n data into version n+1 data (may be async). A chain may start
   * above 1 (older versions are then refused) but has no gap, and ends at `version - 1`.
   */
  upcasters?: Readonly<Record<number, (data: never) => unknown>> | undefined;
  /** Builds a class event from its data. Default: an object of the class's prototype with the data's fields. */
  create?: ((data: T) => object) | undefined;
}

/**
 * An event rebuilt from an envelope.
 *
 * @example
 * const { key, event, fromVersion }: DecodedEvent = await registry.decode(envelope)
 */
export interface DecodedEvent {
  readonly type: string;
  /** The string key or class to dispatch on. */
  readonly key: string | EventClass;
  /** The payload (string keys) or the instance (classes). */
  readonly event: unknown;
  /** The version the envelope carried (before upcasting). */
  readonly fromVersion: number;
}

/**
 * Knows the versions, upcasters and validators of event types; see {@link createRegistry}.
 *
 * @example
 * const registry: EventRegistry<Events> = createRegistry<Events>().define('cart/added')
 */
export interface EventRegistry<E extends object = EventMap> {
  /**
   * Adds a definition, or replaces the one of the same key; chainable. Throws a TypeError naming
   * the fix for a malformed definition (a version that is no whole number, a schema that is no
   * Standard Schema, upcasters with a gap or above the version...) and for a type name already
   * defined for another key (two classes with the same name once minified).
   */
  define<K extends StringKey<E>>(key: K, definition?: EventDefinition<E[K]>): EventRegistry<E>;
  define<T extends object>(key: EventClass<T>, definition?: EventDefinition<Partial<T>>): EventRegistry<E>;
  /** Whether a type name is defined. */
  has(type: string): boolean;
  /** The key (string or class) defined for a type name. */
  keyOf(type: string): string | EventClass | undefined;
  /** The current version of a type name (1 when unknown). */
  versionOf(type: string): number;
  /** Serializes an event as an envelope at its current version; a TypeError for a type it does not define. */
  encode<K extends StringKey<E>>(key: K, ...payload: PayloadArgs<E[K]>): EventEnvelope;
  encode(event: object): EventEnvelope;
  /**
   * Rebuilds an event from untrusted input: checks the envelope, runs upcasters from its version
   * to the current one, validates with the schema. Rejects with an {@link EventDecodeError}
   * naming the type, version and problem; never throws anything else.
   */
  decode(input: unknown): Promise<DecodedEvent>;
}

interface Entry {
  readonly key: string | EventClass;
  readonly definition: CheckedDefinition;
}

/** Whether the bus can dispatch `event` on `cls`: its `constructor` is `cls` or a subclass (what `emit(instance)` routes by). */
const isInstanceOf = (event: unknown, cls: EventClass): boolean => {
  const routedClass = (event as { constructor?: unknown } | null)?.constructor;
  return typeof event === 'object' && typeof routedClass === 'function' && (routedClass === cls || routedClass.prototype instanceof cls);
};

/** Copies own enumerable fields onto an object of the class, never through a `__proto__` setter. */
const rebuild = (prototype: object, data: object): object => {
  const event = Object.create(prototype) as Record<string, unknown>;
  for (const [field, value] of Object.entries(data))
    Object.defineProperty(event, field, { value, enumerable: true, writable: true, configurable: true });
  return event;
};

/** Runs a Standard Schema validator: its verdict, or an EventDecodeError for a failure or for anything that is no Standard Schema result. */
const validate = async (schema: StandardSchemaV1, value: unknown, type: string, version: number): Promise<unknown> => {
  let problem: string;
  let issues: ReadonlyArray<StandardSchemaV1.Issue> | undefined;
  try {
    const result: unknown = await schema['~standard'].validate(value);
    const listed = (result as { issues?: unknown } | null | undefined)?.issues;
    if (Array.isArray(listed)) {
      issues = listed;
      problem = listed.length ? `invalid data: ${describeIssues(listed)}` : 'invalid data (its validator listed no issue)';
    } else if (typeof result === 'object' && result !== null && listed === undefined && 'value' in result) {
      return (result as StandardSchemaV1.SuccessResult<unknown>).value;
    } else {
      problem = `its validator returned ${kindOf(result)}, not a Standard Schema result ({ value } or { issues })`;
    }
  } catch (error) {
    throw new EventDecodeError(`its validator threw: ${textOf(error)}`, type, version, undefined, error);
  }
  throw new EventDecodeError(problem, type, version, issues);
};

/**
 * Creates a registry of versioned event types, for turning envelopes from other tabs, servers
 * or storage back into events.
 *
 * @example
 * const registry = createRegistry<Events>()
 *   .define('cart/added', { version: 2, schema: z.object({ sku: z.string(), qty: z.number() }),
 *     upcasters: { 1: (v1: { sku: string }) => ({ ...v1, qty: 1 }) } })
 * const { key, event } = await registry.decode({ type: 'cart/added', version: 1, data: { sku: 'tea' } })
 * bus.emit(key as 'cart/added', event as Events['cart/added'])
 */
export const createRegistry = <E extends object = EventMap>(): EventRegistry<E> => {
  const entries = new Map<string, Entry>();

  const envelopeOf = (type: string, data: unknown): EventEnvelope => {
    const entry = entries.get(type);
    if (!entry) {
      // Stamped v1, it would be upcast as v1 data by a receiver whose current version is higher.
      throw new TypeError(
        `[hubbub] registry.encode("${type}"): the type is not defined; add registry.define('${type}', ...) first, as the receiving side does.`,
      );
    }
    return { type, version: entry.definition.version, data };
  };

  const registry: EventRegistry<E> = {
    define: ((key: string | EventClass, definition: unknown = {}): EventRegistry<E> => {
      const type = typeOfKey(key);
      const existing = entries.get(type)?.key;
      if (existing !== undefined && existing !== key) {
        throw new TypeError(
          `[hubbub] registry.define("${type}"): "${type}" is already defined for another key (${describeKey(existing)}); give each class its own static type = '...', or define only one of them.`,
        );
      }
      entries.set(type, { key, definition: checkDefinition(type, key, definition) });
      return registry;
    }) as EventRegistry<E>['define'],
    has: (type) => entries.has(type),
    keyOf: (type) => entries.get(type)?.key,
    versionOf: (type) => entries.get(type)?.definition.version ?? 1,
    encode(target: unknown, payload?: unknown): EventEnvelope {
      if (typeof target === 'string') return envelopeOf(target, payload);
      const eventClass = (target as { constructor?: unknown } | null | undefined)?.constructor;
      if (typeof target !== 'object' || typeof eventClass !== 'function' || eventClass === Object) {
        throw new TypeError(
          `[hubbub] registry.encode(event): expected an instance of a defined event class, or registry.encode(key, payload); got ${kindOf(target)}.`,
        );
      }
      return envelopeOf(eventTypeOf(eventClass as EventClass), { ...(target as object) });
    },
    async decode(input) {
      try {
        return await decodeEnvelope(input);
      } catch (error) {
        if (error instanceof EventDecodeError) throw error;
        // Hostile input (a revoked Proxy, a throwing getter deep in the data) must still fail as a decode error.
        throw new EventDecodeError(`reading it threw: ${textOf(error)}`, undefined, undefined, undefined, error);
      }
    },
  };

  const decodeEnvelope = async (input: unknown): Promise<DecodedEvent> => {
    if (input === null || typeof input !== 'object') {
      throw new EventDecodeError(`expected an envelope object { type, version, data }, got ${input === null ? 'null' : typeof input}`);
    }
    let type: unknown;
    let version: unknown;
    let data: unknown;
    try {
      if (Array.isArray(input)) throw new EventDecodeError('expected an envelope object { type, version, data }, got an array');
      ({ type, version = 1, data } = input as Partial<EventEnvelope>);
    } catch (error) {
      if (error instanceof EventDecodeError) throw error;
      throw new EventDecodeError('reading the envelope threw', undefined, undefined, undefined, error);
    }
    if (typeof type !== 'string') throw new EventDecodeError('the envelope has no string "type"');
    const entry = entries.get(type);
    if (!entry) {
      throw new EventDecodeError(
        `unknown event type; define it with registry.define('${textOf(type)}', ...) on the receiving side`,
        textOf(type),
      );
    }
    const { version: current, upcasters, schema, create } = entry.definition;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      throw new EventDecodeError(
        `version must be a whole number >= 1, got ${typeof version === 'number' ? version : version === null ? 'null' : typeof version}`,
        type,
      );
    }
    if (version > current) {
      throw new EventDecodeError(
        `it is newer than this app knows (latest v${current}); update this app or have the sender publish v${current}`,
        type,
        version,
      );
    }
    let value: unknown = data;
    for (let from = version; from < current; from++) {
      const upcast = upcasters.get(from);
      if (!upcast) {
        throw new EventDecodeError(
          `no upcaster from v${from} to v${from + 1}; add upcasters: { ${from}: (data) => ... } to its definition`,
          type,
          version,
        );
      }
      try {
        value = await upcast(value as never);
      } catch (error) {
        throw new EventDecodeError(`the upcaster from v${from} failed: ${textOf(error)}`, type, version, undefined, error);
      }
    }
    if (schema) value = await validate(schema, value, type, version);
    let event = value;
    if (typeof entry.key === 'function') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new EventDecodeError(
          `class event data must be an object of its fields, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
          type,
          version,
        );
      }
      try {
        event = create ? create(value as never) : rebuild(entry.key.prototype as object, value);
      } catch (error) {
        throw new EventDecodeError(`create() failed: ${textOf(error)}`, type, version, undefined, error);
      }
      if (!isInstanceOf(event, entry.key)) {
        throw new EventDecodeError(
          `the rebuilt event is not a dispatchable ${type} instance (a "constructor" field in the data, or create() returning something else)`,
          type,
          version,
        );
      }
    }
    return { type, key: entry.key, event, fromVersion: version };
  };
  return registry;
};

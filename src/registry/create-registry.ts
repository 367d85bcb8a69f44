import { eventTypeOf } from '../core/event-type';
import type { EventClass, EventMap, StringKey } from '../core/types';
import { EventDecodeError } from './decode-error';
import type { StandardSchemaV1 } from './standard-schema';

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
 * registry.define('cart/added', { version: 2, schema, upcasters: { 1: (v1) => ({ ...v1, qty: 1 }) } })
 */
export interface EventDefinition<T = unknown> {
  /** The current version. Default: the class's `static version`, else 1. */
  version?: number;
  /** Validates the (upcast) data of the current version; any Standard Schema v1 validator. */
  schema?: StandardSchemaV1<unknown, T>;
  /** `upcasters[n]` turns version-n data into version n+1 data (may be async). */
  upcasters?: Readonly<Record<number, (data: never) => unknown>>;
  /** Builds a class event from its data. Default: an object of the class's prototype with the data's fields. */
  create?: (data: T) => object;
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
export interface EventRegistry<E extends EventMap = EventMap> {
  /** Adds or replaces a definition; chainable. */
  define<K extends StringKey<E>>(key: K, definition?: EventDefinition<E[K]>): EventRegistry<E>;
  define<T extends object>(key: EventClass<T>, definition?: EventDefinition<Partial<T>>): EventRegistry<E>;
  /** Whether a type name is defined. */
  has(type: string): boolean;
  /** The key (string or class) defined for a type name. */
  keyOf(type: string): string | EventClass | undefined;
  /** The current version of a type name (1 when unknown). */
  versionOf(type: string): number;
  /** Serializes an event as an envelope at its current version. */
  encode<K extends StringKey<E>>(key: K, payload: E[K]): EventEnvelope;
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
  readonly version: number;
  // biome-ignore lint/suspicious/noExplicitAny: the definition of whichever type was registered
  readonly definition: EventDefinition<any>;
}

const MAX_ISSUES = 5;
const describeIssues = (issues: ReadonlyArray<StandardSchemaV1.Issue>) =>
  issues
    .slice(0, MAX_ISSUES)
    .map((issue) => {
      const path = issue.path?.map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ') + (issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : '');

/** Untrusted text as it may appear in an error message: bounded. */
const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}...` : text);

const messageOf = (error: unknown): string => clip(error instanceof Error ? error.message : String(error));

/** Whether the bus can dispatch `event` on `cls`: its `constructor` is `cls` or a subclass (what `emit(instance)` routes by). */
const isInstanceOf = (event: unknown, cls: EventClass): boolean => {
  const routedClass = (event as { constructor?: unknown } | null)?.constructor;
  return typeof event === 'object' && typeof routedClass === 'function' && (routedClass === cls || routedClass.prototype instanceof cls);
};

/** Copies own enumerable fields onto an object of the class, never through a `__proto__` setter. */
const rebuild = (prototype: object, data: object): object => {
  const event = Object.create(prototype) as Record<string, unknown>;
  for (const [k, v] of Object.entries(data))
    Object.defineProperty(event, k, { value: v, enumerable: true, writable: true, configurable: true });
  return event;
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
export const createRegistry = <E extends EventMap = EventMap>(): EventRegistry<E> => {
  const entries = new Map<string, Entry>();

  const registry: EventRegistry<E> = {
    // biome-ignore lint/suspicious/noExplicitAny: one implementation behind two typed overloads
    define: ((key: string | EventClass, definition: EventDefinition<any> = {}): EventRegistry<E> => {
      const type = typeof key === 'string' ? key : eventTypeOf(key);
      const declared = typeof key === 'function' ? (key as { version?: unknown }).version : undefined;
      const version = definition.version ?? (typeof declared === 'number' ? declared : 1);
      if (!Number.isInteger(version) || version < 1) {
        throw new TypeError(`[hubbub] registry.define("${type}"): version must be a whole number >= 1, got ${String(version)}.`);
      }
      entries.set(type, { key, version, definition });
      return registry;
    }) as EventRegistry<E>['define'],
    has: (type) => entries.has(type),
    keyOf: (type) => entries.get(type)?.key,
    versionOf: (type) => entries.get(type)?.version ?? 1,
    encode(target: unknown, payload?: unknown): EventEnvelope {
      const type = typeof target === 'string' ? target : eventTypeOf((target as object).constructor as EventClass);
      const data = typeof target === 'string' ? payload : { ...(target as object) };
      return { type, version: registry.versionOf(type), data };
    },
    async decode(input) {
      try {
        return await decodeEnvelope(input);
      } catch (error) {
        if (error instanceof EventDecodeError) throw error;
        // Hostile input (a revoked Proxy, a throwing getter deep in the data) must still fail as a decode error.
        throw new EventDecodeError(`reading it threw: ${messageOf(error)}`, undefined, undefined, undefined, error);
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
        `unknown event type; define it with registry.define('${clip(type)}', ...) on the receiving side`,
        clip(type),
      );
    }
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      throw new EventDecodeError(
        `version must be a whole number >= 1, got ${typeof version === 'number' ? version : typeof version}`,
        type,
      );
    }
    if (version > entry.version) {
      throw new EventDecodeError(
        `it is newer than this app knows (latest v${entry.version}); update this app or have the sender publish v${entry.version}`,
        type,
        version,
      );
    }
    const { upcasters = {}, schema, create } = entry.definition;
    let value: unknown = data;
    for (let v = version; v < entry.version; v++) {
      const upcast = upcasters[v];
      if (!upcast) {
        throw new EventDecodeError(
          `no upcaster from v${v} to v${v + 1}; add upcasters: { ${v}: (data) => ... } to its definition`,
          type,
          version,
        );
      }
      try {
        value = await upcast(value as never);
      } catch (error) {
        throw new EventDecodeError(`the upcaster from v${v} failed: ${messageOf(error)}`, type, version, undefined, error);
      }
    }
    if (schema) {
      let result: StandardSchemaV1.Result<unknown>;
      try {
        result = await schema['~standard'].validate(value);
      } catch (error) {
        throw new EventDecodeError(`its validator threw: ${messageOf(error)}`, type, version, undefined, error);
      }
      if (result.issues) throw new EventDecodeError(`invalid data: ${describeIssues(result.issues)}`, type, version, result.issues);
      value = result.value;
    }
    let event = value;
    if (typeof entry.key === 'function') {
      if (value === null || typeof value !== 'object') throw new EventDecodeError('class event data must be an object', type, version);
      try {
        event = create ? create(value as never) : rebuild(entry.key.prototype as object, value);
      } catch (error) {
        throw new EventDecodeError(`create() failed: ${messageOf(error)}`, type, version, undefined, error);
      }
      if (!isInstanceOf(event, entry.key)) {
        throw new EventDecodeError(
          `the rebuilt event is not a dispatchable ${clip(type)} instance (a "constructor" field in the data, or create() returning something else)`,
          type,
          version,
        );
      }
    }
    return { type, key: entry.key, event, fromVersion: version };
  };
  return registry;
};

import { eventTypeOf } from '../core/event-type';
import type { EventClass } from '../core/types';
import { isWildcardKey } from '../core/wildcard-key';
import type { EventDefinition } from './create-registry';
import type { StandardSchemaV1 } from './standard-schema';
import { clip, kindOf } from './text';

/** An upcaster from one version's data to the next one's. */
export type Upcaster = (data: never) => unknown;

/** A definition as `define()` checked it: the upcasters copied, so changing the definition object later changes nothing. */
export interface CheckedDefinition {
  readonly version: number;
  readonly upcasters: ReadonlyMap<number, Upcaster>;
  readonly schema: StandardSchemaV1 | undefined;
  readonly create: ((data: never) => object) | undefined;
}

/** The type name of a key given to `define()`; a TypeError for anything that is no event key. */
export const typeOfKey = (key: unknown): string => {
  if (typeof key === 'string') {
    // '*' and patterns name subscriptions, not events: an envelope of one would be emitted as a pattern.
    if (isWildcardKey(key)) {
      throw new TypeError(
        `[hubbub] registry.define("${clip(key)}"): '*' and patterns are for subscribing; define each event key ('cart/added') instead.`,
      );
    }
    return key;
  }
  // An arrow function or a method has no prototype, so no instance of it could be rebuilt.
  if (typeof key === 'function' && typeof key.prototype === 'object' && key.prototype !== null) return eventTypeOf(key as EventClass);
  throw new TypeError(`[hubbub] registry.define(key): key must be an event key string or an event class; got ${kindOf(key)}.`);
};

/** How a key appears in a message about it. */
export const describeKey = (key: string | EventClass): string =>
  typeof key === 'string' ? `the string key "${key}"` : `class ${key.name || '(anonymous)'}`;

const DEFINITION_OPTIONS: readonly string[] = ['version', 'schema', 'upcasters', 'create'] satisfies (keyof EventDefinition)[];

const isStandardSchema = (schema: unknown): schema is StandardSchemaV1 =>
  (typeof schema === 'object' || typeof schema === 'function') &&
  schema !== null &&
  typeof (schema as Partial<StandardSchemaV1>)['~standard']?.validate === 'function';

/**
 * Checks what `define(key, definition)` was given, so that a mistake fails at once, naming the
 * fix, instead of failing every envelope later as if the sender were at fault.
 */
export const checkDefinition = (type: string, key: string | EventClass, definition: unknown): CheckedDefinition => {
  const where = `[hubbub] registry.define("${type}")`;
  if (typeof definition !== 'object' || definition === null) {
    throw new TypeError(
      `${where}: the definition must be an object { version?, schema?, upcasters?, create? }; got ${kindOf(definition)}.`,
    );
  }
  const unknown = Object.keys(definition).filter((option) => !DEFINITION_OPTIONS.includes(option));
  if (unknown.length > 0) {
    // A misspelt option (upcaster:) would be ignored, and its upcasters never run.
    throw new TypeError(
      `${where}: unknown option ${unknown.map((option) => `"${clip(option)}"`).join(', ')}; a definition takes ${DEFINITION_OPTIONS.join(', ')}.`,
    );
  }
  const { version: given, schema, upcasters = {}, create } = definition as EventDefinition;
  const version: unknown = given ?? (typeof key === 'function' ? ((key as { version?: unknown }).version ?? 1) : 1);
  // Past MAX_SAFE_INTEGER, v + 1 === v: the upcaster loop would never end.
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new TypeError(
      `${where}: version must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}; got ${kindOf(version)}. Set version: 2 (or static version = 2) when the data changes.`,
    );
  }
  if (schema !== undefined && !isStandardSchema(schema)) {
    throw new TypeError(
      `${where}: schema must be a Standard Schema v1 validator (zod 3.24+, valibot 1+, arktype 2+...) with a ~standard.validate function; got ${kindOf(schema)}.`,
    );
  }
  if (create !== undefined && typeof create !== 'function') {
    throw new TypeError(`${where}: create must be a function (data) => instance; got ${kindOf(create)}.`);
  }
  return { version, upcasters: checkUpcasters(where, version, upcasters), schema, create };
};

const checkUpcasters = (where: string, version: number, upcasters: unknown): Map<number, Upcaster> => {
  if (typeof upcasters !== 'object' || upcasters === null) {
    throw new TypeError(
      `${where}: upcasters must be an object { [version]: (data) => the next version's data }; got ${kindOf(upcasters)}.`,
    );
  }
  const checked = new Map<number, Upcaster>();
  for (const [name, upcast] of Object.entries(upcasters)) {
    const from = Number(name);
    if (!Number.isSafeInteger(from) || String(from) !== name) {
      throw new TypeError(
        `${where}: upcasters[${JSON.stringify(name)}]: keys must be versions (whole numbers), each upcasting that version's data to the next.`,
      );
    }
    if (from < 1) throw new TypeError(`${where}: upcasters[${from}]: versions start at 1; remove it.`);
    if (from >= version) {
      throw new TypeError(
        `${where}: upcasters[${from}] upcasts v${from} to v${from + 1}, but the current version is ${version}: raise version to ${from + 1}, or remove it.`,
      );
    }
    if (typeof upcast !== 'function') {
      throw new TypeError(`${where}: upcasters[${from}] must be a function (v${from} data) => v${from + 1} data; got ${kindOf(upcast)}.`);
    }
    checked.set(from, upcast as Upcaster);
  }
  // A chain may start late (versions too old to support any more), but never has a hole: what is below one could never run.
  const lowest = Math.min(...checked.keys());
  for (let from = lowest + 1; from < version; from++) {
    if (!checked.has(from)) {
      throw new TypeError(
        `${where}: no upcaster from v${from} to v${from + 1}, so upcasters[${lowest}] could never run; add upcasters: { ${from}: (data) => ... }, or remove the upcasters below ${from}.`,
      );
    }
  }
  return checked;
};

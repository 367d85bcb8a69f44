import { DEV } from './dev';
import type { EventClass } from './types';

/** A memo of each class's event name (so a class without `static type` is warned about once). */
const names = new WeakMap<object, string>();

/**
 * The event name of a class: its own `static type`, else its `name` (with a warning in development,
 * once per class, because minifiers rename classes).
 *
 * @example
 * class OrderPlaced { static type = 'order/placed' }
 * eventTypeOf(OrderPlaced) // 'order/placed'
 */
export const eventTypeOf = (cls: EventClass): string => {
  let name = names.get(cls);
  if (name === undefined) {
    const own = Object.hasOwn(cls, 'type') && (cls as { type?: unknown }).type;
    name = typeof own === 'string' ? own : cls.name;
    if (DEV && name !== own) {
      console.warn(`[hubbub] minifiers rename classes: add static type = '${name}' to ${name}`);
    }
    names.set(cls, name);
  }
  return name;
};

/** The class of an event instance; a clear TypeError for anything that is not a class instance. */
export const classOf = (event: unknown): EventClass => {
  const cls = (event as { constructor?: unknown } | null | undefined)?.constructor;
  if (typeof event !== 'object' || typeof cls !== 'function' || cls === Object) {
    throw new TypeError(
      DEV
        ? `[hubbub] emit/publish(${event === null ? 'null' : typeof event === 'object' ? 'plain object' : typeof event}): expected a key and payload, or a class instance`
        : '[hubbub] emit/publish',
    );
  }
  return cls as EventClass;
};

/** A string key alone, or a class and its ancestors (up to, not including, Function.prototype): the keys an event reaches. */
export const ancestors = <K extends string | EventClass>(key: K): K[] => {
  const out: K[] = [key];
  let parent: unknown = key;
  while (typeof parent === 'function') {
    parent = Object.getPrototypeOf(parent);
    if (typeof parent === 'function' && parent !== Function.prototype) out.push(parent as K);
  }
  return out;
};

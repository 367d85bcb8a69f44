import type { EventClass } from './types';

const names = new WeakMap<object, string>();
let warned = false;

/**
 * The event name of a class: its own `static type`, else its `name` (warned once, because
 * minifiers rename classes).
 *
 * @example
 * class OrderPlaced { static type = 'order/placed' }
 * eventTypeOf(OrderPlaced) // 'order/placed'
 */
export const eventTypeOf = (cls: EventClass): string => {
  let name = names.get(cls);
  if (name === undefined) {
    if (Object.hasOwn(cls, 'type') && typeof (cls as { type?: unknown }).type === 'string') {
      name = (cls as unknown as { type: string }).type;
    } else {
      name = cls.name;
      if (!warned) {
        warned = true;
        console.warn(
          `[hubbub] event class "${name}" has no static type, so its name is used; minifiers rename classes. Add \`static type = '${name}'\` to keep the name stable.`,
        );
      }
    }
    names.set(cls, name);
  }
  return name;
};

/** The class of an event instance; a clear TypeError for anything that is not a class instance. */
export const classOf = (event: unknown): EventClass => {
  const cls = event !== null && typeof event === 'object' ? (event as object).constructor : undefined;
  if (typeof cls !== 'function' || cls === Object) {
    throw new TypeError(
      `[hubbub] emit/publish got ${event === null ? 'null' : typeof event === 'object' ? 'a plain object' : typeof event} where a key or an event class instance was expected. Use emit('type', payload) for plain payloads, or emit(new MyEvent(...)).`,
    );
  }
  return cls as EventClass;
};

import type { EventEnvelope, EventRegistry } from '../registry/create-registry';

/**
 * Serializes a local event through the registry; a clear TypeError when its type is not defined
 * there (a subclass of a bridged class, say), since the other side could not rebuild it.
 *
 * @example
 * const envelope = encodeEvent(registry, 'cart/added', { sku: 'tea' }, 'hubbub/tabs')
 */
export const encodeEvent = (registry: EventRegistry<never>, type: string, event: unknown, who: string): EventEnvelope => {
  const key = registry.keyOf(type);
  if (key === undefined) {
    throw new TypeError(
      `[${who}] cannot send "${type}": it is not in the registry, so the other side could not rebuild it. Add registry.define(${type}, ...).`,
    );
  }
  return typeof key === 'function' ? registry.encode(event as object) : registry.encode(type as never, event as never);
};

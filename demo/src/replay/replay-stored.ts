import type { Bus, EventEnvelope, EventRegistry } from 'hubbub';
import type { ShopEvents } from '../domain/shop-events';

/**
 * Announces 'replay/started', then decodes each stored envelope through the registry (upcasting
 * old versions, validating) and publishes the result, in order. An envelope that cannot be decoded is published as
 * 'replay/rejected' with the registry's reason: shown, never lost.
 *
 * @example
 * await replayStored(bus, reviewRegistry, storedReviews)
 */
export const replayStored = async (
  bus: Bus<ShopEvents>,
  registry: EventRegistry<ShopEvents>,
  envelopes: readonly EventEnvelope[],
): Promise<void> => {
  await bus.publish('replay/started', { stored: envelopes.length });
  for (const envelope of envelopes) {
    try {
      const { key, event } = await registry.decode(envelope);
      if (typeof key === 'string') await bus.publish(key as keyof ShopEvents, event as never);
      else await bus.publish(event as object);
    } catch (error) {
      await bus.publish('replay/rejected', { envelope, reason: error instanceof Error ? error.message : String(error) });
    }
  }
};

import type { Bus } from 'hubbub';
import type { ShopEvents } from '../domain/shop-events';

/**
 * A deliberate event storm: 'storm/ping' publishes 'storm/pong', which publishes 'storm/ping'...
 * The bus refuses the event past its `maxDepth` with an EventStormError (sent to its `onError`),
 * so the loop ends instead of freezing the tab. Returns the unsubscriber.
 *
 * @example
 * subscribeStorm(bus); bus.publish('storm/ping', { bounce: 0 })
 */
export const subscribeStorm = (bus: Bus<ShopEvents>): (() => void) => {
  const offPing = bus.subscribe('storm/ping', (ping, ctx) => ctx.publish('storm/pong', { bounce: ping.bounce + 1 }), {
    label: 'storm: ping -> pong',
  });
  const offPong = bus.subscribe('storm/pong', (pong, ctx) => ctx.publish('storm/ping', { bounce: pong.bounce + 1 }), {
    label: 'storm: pong -> ping',
  });
  return () => {
    offPing();
    offPong();
  };
};

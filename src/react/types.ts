import type {
  AnyEvent,
  EventClass,
  EventMap,
  Handler,
  MatchedKeys,
  MatchedPattern,
  Pattern,
  PayloadsMatching,
  StringKey,
  SubscribeOptions,
} from '../index';

/**
 * What a handler of `key` receives: the payload of a string key, any event for `'*'`.
 *
 * @example
 * type Item = PayloadOf<Events, 'cart/added'> // Events['cart/added']
 */
export type PayloadOf<E, K> = K extends StringKey<E> ? E[K] : AnyEvent<E>;

/**
 * Options of `useEvent`: the bus's `SubscribeOptions` without `signal` (the component's lifetime is
 * the signal), plus `enabled` to subscribe conditionally.
 *
 * @example
 * const options: UseEventOptions = { priority: 10, label: 'CartBadge', enabled: signedIn }
 */
export interface UseEventOptions<T = unknown, E = EventMap> extends Omit<SubscribeOptions<T, E>, 'signal'> {
  /** Subscribe only while true. Default true. */
  enabled?: boolean | undefined;
}

/**
 * `useEvent`, typed by the bus's `Events` (see `createBusHooks`).
 *
 * @example
 * const useShopEvent: UseEvent<Events> = createBusHooks<Events>().useEvent
 */
export interface UseEvent<E extends object = EventMap> {
  <K extends StringKey<E> | '*'>(
    key: K,
    handler: Handler<(E & { '*': AnyEvent<E> })[K], E, K extends '*' ? string : K>,
    options?: UseEventOptions<(E & { '*': AnyEvent<E> })[K], E>,
  ): void;
  <P extends Pattern>(
    pattern: MatchedPattern<E, P>,
    handler: Handler<PayloadsMatching<E, P>, E, MatchedKeys<E, P>>,
    options?: UseEventOptions<PayloadsMatching<E, P>, E>,
  ): void;
  <T extends object>(key: EventClass<T>, handler: Handler<T, E>, options?: UseEventOptions<T, E>): void;
}

/**
 * `useLatestEvent`, typed by the bus's `Events` (see `createBusHooks`): `E[K] | undefined`
 * without an initial value, `E[K]` with one.
 *
 * @example
 * const useShopLatest: UseLatestEvent<Events> = createBusHooks<Events>().useLatestEvent
 */
export interface UseLatestEvent<E extends object = EventMap> {
  <K extends StringKey<E>>(key: K): E[K] | undefined;
  <K extends StringKey<E>>(key: K, initial: E[K]): E[K];
  <T extends object>(key: EventClass<T>): T | undefined;
  <T extends object>(key: EventClass<T>, initial: T): T;
}

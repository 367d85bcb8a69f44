export type { BridgedType } from './bridge';
export { type BroadcastChannelLike, connectTabs, type TabsConnection, type TabsOptions } from './connect-tabs';
export type { TabEvent, TabMessage } from './tab-messages';
export type { TransportObservation } from './transport-report';
export { createTtlSet, type TtlSet, type TtlSetOptions } from './ttl-set';

export { BusProvider, type BusProviderProps } from './bus-provider';
export { type BusHooks, createBusHooks } from './create-bus-hooks';
export type { PayloadOf, UseEvent, UseEventOptions, UseLatestEvent } from './types';
export { useBus } from './use-bus';
export { useEvent } from './use-event';
export { useLatestEvent } from './use-latest-event';
export { usePublish } from './use-publish';

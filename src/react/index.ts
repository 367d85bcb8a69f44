export type { BusProviderProps } from './bus-provider';
export { BusProvider, useBus, useEvent, useLatestEvent, usePublish } from './client';
export { type BusHooks, createBusHooks } from './create-bus-hooks';
export type { PayloadOf, UseEvent, UseEventOptions, UseLatestEvent } from './types';

export { type EventStream, type EventsOptions, events } from './async/events';
export { OnceErrorName, type OnceOptions, once } from './async/once';
export { type Bus, createBus } from './core/bus';
export { EventStormError } from './core/errors';
export { eventTypeOf } from './core/event-type';
export {
  type Inspector,
  inspect,
  type MiddlewareDecision,
  type MiddlewareObservation,
  notify,
  type Observation,
  type SagaStatus,
  subscriptionsOf,
} from './core/inspect';
export type {
  AnyEvent,
  BusOptions,
  Emit,
  EventClass,
  EventMap,
  EventMeta,
  Handler,
  HandlerContext,
  KeysMatching,
  LastEvent,
  MatchedKeys,
  MatchedPattern,
  Middleware,
  MiddlewareContext,
  Pattern,
  PayloadArgs,
  PayloadsMatching,
  Publish,
  PublishReport,
  StringKey,
  SubscribedEvent,
  SubscribeOptions,
  SubscriptionInfo,
  Unsubscribe,
} from './core/types';
export {
  createRegistry,
  type DecodedEvent,
  type EventDefinition,
  type EventEnvelope,
  type EventRegistry,
} from './registry/create-registry';
export { EventDecodeError } from './registry/decode-error';
export type { StandardSchemaV1 } from './registry/standard-schema';
export {
  createSaga,
  type PendingSaga,
  type Saga,
  type SagaEvents,
  type SagaOptions,
  type SagaStep,
  type StepEvent,
} from './saga/create-saga';

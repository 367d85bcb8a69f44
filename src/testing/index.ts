export { createTestBus, type PublishedRecord, type TestBus } from './create-test-bus';
export {
  type BusRecorder,
  type RecordBusOptions,
  type RecordedDispatch,
  recordBus,
  type WaitForOptions,
} from './playwright/record-bus';
export type {
  RecordedEntry,
  RecordedEvent,
  RecordedHandlerError,
  RecordedInstance,
  RecordedMiddleware,
  RecordedOrigin,
} from './playwright/records';
export { type WaitForEventOptions, waitForEvent } from './wait-for-event';

// 'hubbub/testing/playwright': the Playwright helper on its own import path, so 'hubbub/testing'
// type-checks without @playwright/test installed.
export {
  type BusRecorder,
  type RecordBusOptions,
  type RecordedDispatch,
  recordBus,
  type WaitForOptions,
} from './record-bus';
export type {
  RecordedEntry,
  RecordedEvent,
  RecordedHandlerError,
  RecordedInstance,
  RecordedMiddleware,
  RecordedOrigin,
} from './records';
export type { RecorderReplayOptions } from './replay';

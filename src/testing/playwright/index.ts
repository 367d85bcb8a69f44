// 'hubbub/testing/playwright': the Playwright helper on its own import path, so 'hubbub/testing'
// type-checks without @playwright/test installed.
export type { BusRecorder, RecordBusOptions, RecordedDispatch, WaitForOptions } from './bus-recorder';
export { recordBus } from './record-bus';
export type {
  InstanceMarker,
  Recorded,
  RecordedClassEvent,
  RecordedEntry,
  RecordedEvent,
  RecordedHandlerError,
  RecordedInstance,
  RecordedMiddleware,
  RecordedOrigin,
} from './records';
export type { RecorderReplayOptions } from './replay';

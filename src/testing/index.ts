// The Playwright helper (recordBus) is in 'hubbub/testing/playwright': importing this entry never
// needs @playwright/test.
export { createTestBus, type PublishedRecord, type TestBus } from './create-test-bus';
export {
  type FollowUp,
  type HandlerFailure,
  type RecordedStep,
  type ReplayedStep,
  type ReplayOptions,
  replayRecording,
} from './recording';
export { type WaitForEventOptions, waitForEvent } from './wait-for-event';

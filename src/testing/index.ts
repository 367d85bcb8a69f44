export { createTestBus, type PublishedRecord, type TestBus } from './create-test-bus';
export { type WaitForEventOptions, waitForEvent } from './wait-for-event';

import type { Page } from '@playwright/test';
import { checkPageMessage } from '../../devtools/protocol';
import { type BusRecorder, DEFAULT_TIMEOUT_MS, type RecordBusOptions } from './bus-recorder';
import { createDispatcher } from './dispatch';
import { createLiveBuses } from './live-buses';
import { createPageConnection, type ReceivePageMessage } from './page-connection';
import { createRecordWaits } from './record-waits';
import { createRecordedStream } from './recorded-stream';
import { replaySteps } from './replay';
import { waitFailures } from './wait-failures';
import { createWaiters } from './waiters';

/**
 * Records the Hubbub devtools stream of a Playwright page, acting as a panel over the same
 * protocol: call it before `page.goto` (it connects on every navigation) or after (the page's
 * buffer of what happened earlier is flushed to it; the page keeps its newest `maxBuffer` entries,
 * 5000 by default, and a timeout says how many it let go). The page must call
 * `connectDevtools(bus)` (it is on by default outside production builds). Buses in iframes are
 * recorded too.
 *
 * @example
 * const recorder = await recordBus(page)
 * await page.goto('/shop')
 * await page.getByRole('button', { name: 'Buy' }).click()
 * const order = await recorder.waitFor('order/placed', { where: (e) => e.payload.sku === 'tea' })
 * expect(recorder.errors).toEqual([])
 * expect(recorder.middleware.find((m) => m.decision === 'blocked')?.name).toBe('auth')
 */
// biome-ignore lint/suspicious/noExplicitAny: see BusRecorder
export const recordBus = async <E extends object = Record<string, any>>(
  page: Page,
  options: RecordBusOptions = {},
): Promise<BusRecorder<E>> => {
  const { bus, timeout: defaultTimeout = DEFAULT_TIMEOUT_MS } = options;
  const connection = createPageConnection(page);
  const stream = createRecordedStream(bus);
  const liveBuses = createLiveBuses();
  const waiters = createWaiters();
  const failure = waitFailures(stream, bus);
  const dispatcher = createDispatcher({ connection, liveBuses, waiters, failure, bus, defaultTimeout });
  let stopped = false;

  const receive: ReceivePageMessage = (raw, frame, documentId) => {
    if (stopped) return false;
    const checked = checkPageMessage(raw);
    if (!checked.ok) return true;
    liveBuses.note(checked.message, frame, documentId);
    stream.read(checked.message);
    dispatcher.note(checked.message);
    waiters.recheck();
    return true;
  };
  page.on('close', () => {
    liveBuses.clear();
    waiters.end('the page was closed');
  });
  page.on('framedetached', (frame) => liveBuses.forgetFrame(frame));
  await connection.connect(receive);

  const recorder: BusRecorder = {
    events: stream.events,
    errors: stream.errors,
    middleware: stream.middleware,
    entries: stream.entries,
    instances: stream.instances,
    leftOut: stream.leftOut,
    ...createRecordWaits({ stream, waiters, failure, defaultTimeout }),
    dispatch: dispatcher.dispatch,
    replay(steps, replayOptions = {}) {
      // Option by option: a spread would let `{ bus: undefined }` erase the recorder's own bus and timeout.
      const { bus: replayBus = bus, timeout = defaultTimeout, quietMs } = replayOptions;
      return replaySteps(recorder, steps, {
        timeout,
        ...(replayBus === undefined ? {} : { bus: replayBus }),
        ...(quietMs === undefined ? {} : { quietMs }),
      });
    },
    clear() {
      stream.clear();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      waiters.end('the recorder was stopped');
      await connection.disconnect();
    },
  };
  return recorder as unknown as BusRecorder<E>;
};

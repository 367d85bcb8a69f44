import { revive } from '../../devtools/revive';
import type { HandlerFailure, RecordedStep, ReplayedStep } from '../recording';
import { type BusRecorder, DEFAULT_TIMEOUT_MS } from './bus-recorder';

/**
 * Options of {@link BusRecorder.replay}.
 *
 * @example
 * await recorder.replay(recording, { bus: 'shop', quietMs: 800 })
 */
export interface RecorderReplayOptions {
  /** The bus to publish on (name or id). Default (also for undefined): the recorder's bus, else the page's only one. */
  bus?: string | undefined;
  /**
   * A step is done when its dispatch has finished and no event of its correlation has arrived for
   * this long (its follow-ups may come from timers and network replies). Default 500 ms.
   */
  quietMs?: number | undefined;
  /** The longest one step may take, in ms. Default (also for undefined): the recorder's timeout (5000). */
  timeout?: number | undefined;
}

/** A step is done once no event of its correlation came for this long, in ms, unless `quietMs` says otherwise. */
const DEFAULT_QUIET_MS = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A recorded payload as app values where it can be (dates, Maps, class fields), else as recorded. */
const appValueOf = (payload: unknown): unknown => {
  const revived = revive(payload);
  return revived.ok ? revived.value : payload;
};

/**
 * Replays steps into the page through the devtools protocol, one at a time (see `BusRecorder.replay`).
 *
 * @example
 * const steps = await replaySteps(recorder, recording, { quietMs: 500, timeout: 5000 })
 */
export const replaySteps = async (
  recorder: BusRecorder,
  steps: readonly RecordedStep[],
  { bus, quietMs = DEFAULT_QUIET_MS, timeout = DEFAULT_TIMEOUT_MS }: RecorderReplayOptions,
): Promise<ReplayedStep[]> => {
  const results: ReplayedStep[] = [];
  for (const [index, step] of steps.entries()) {
    const where = `recorder.replay: step ${index} ("${step.type}")`;
    const outcome = await recorder.dispatch(step.type, step.payload, {
      mode: 'replay',
      timeout,
      ...(bus === undefined ? {} : { bus }),
      ...(step.version === undefined ? {} : { eventVersion: step.version }),
    });
    if (!outcome.ok) throw new Error(`[hubbub] ${where} was refused by the page: ${outcome.reason}`);
    const rootId = outcome.eventId;
    const dispatched = await recorder.waitForEntry({
      where: (e) => e.type === 'dispatched' && e.eventId === rootId,
      timeout,
    });
    const caused = () => recorder.events.filter((e) => e.correlationId === rootId);
    const started = Date.now();
    let events = caused();
    for (let seen = -1; events.length !== seen; events = caused()) {
      if (Date.now() - started > timeout) throw new Error(`[hubbub] ${where}: its follow-up events were still coming after ${timeout} ms.`);
      seen = events.length;
      await sleep(quietMs);
    }
    const failures: HandlerFailure[] = events.flatMap((event) =>
      recorder.errors
        .filter((e) => e.eventId === event.id && e.instanceId === event.instanceId)
        .map(({ eventType, label, message }) => ({ eventType, label, message })),
    );
    const blockedBy = dispatched.type === 'dispatched' ? dispatched.blockedBy : undefined;
    const blockReason = dispatched.type === 'dispatched' ? dispatched.blockReason : undefined;
    results.push({
      type: step.type,
      ...(blockedBy === undefined ? {} : { blockedBy }),
      ...(blockReason === undefined ? {} : { blockReason }),
      followUps: events.filter((e) => e.id !== rootId).map((e) => ({ type: e.type, payload: appValueOf(e.raw) })),
      failures,
    });
  }
  return results;
};

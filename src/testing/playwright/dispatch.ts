import { PANEL_SOURCE, type PageMessage, PROTOCOL_VERSION } from '../../devtools/protocol';
import type { BusRecorder, RecordedDispatch } from './bus-recorder';
import type { LiveBus, LiveBuses } from './live-buses';
import type { PageConnection } from './page-connection';
import { quoted, type WaitFailure } from './wait-failures';
import type { Waiters } from './waiters';

/** The bus a dispatch goes to, once it said hello; throws when the choice is ambiguous. */
const busToDispatchOn = (buses: readonly LiveBus[], type: string, target: string | undefined): LiveBus | undefined => {
  const candidates = buses.filter((live) => target === undefined || live.instance.id === target || live.instance.name === target);
  if (target === undefined && candidates.length > 1) {
    throw new Error(
      `[hubbub] recordBus.dispatch("${type}"): the page has several buses (${quoted(candidates.map((live) => live.instance.name))}); ` +
        `pass { bus: 'name' } to pick one (or recordBus(page, { bus })).`,
    );
  }
  return candidates.at(-1);
};

/**
 * The recorder's `dispatch`: publishes an event on a live bus of the page through the devtools
 * protocol, as the panel does, and resolves with the page's answer. `note` must see every page
 * message, for the answers.
 *
 * @example
 * const dispatcher = createDispatcher({ connection, liveBuses, waiters, failure, bus: 'shop', defaultTimeout: 5000 })
 * const result = await dispatcher.dispatch('cart/cleared', {})
 */
export const createDispatcher = ({
  connection,
  liveBuses,
  waiters,
  failure,
  bus,
  defaultTimeout,
}: {
  connection: PageConnection;
  liveBuses: LiveBuses;
  waiters: Waiters;
  failure: WaitFailure;
  /** The bus to publish on when a dispatch names none (the recorder's). */
  bus: string | undefined;
  defaultTimeout: number;
}) => {
  const answers = new Map<string, RecordedDispatch>();

  const dispatch: BusRecorder['dispatch'] = async (
    type,
    payload,
    { bus: target = bus, mode = 'dispatch', timeout = defaultTimeout, eventVersion } = {},
  ) => {
    const ended = waiters.ended;
    if (ended !== undefined) throw new Error(`[hubbub] recordBus.dispatch("${type}"): ${ended}.`);
    const requestId = `${connection.binding}-${Math.random().toString(36).slice(2, 10)}`;
    const deadline = Date.now() + timeout;
    let live: LiveBus;
    for (;;) {
      // A page that just loaded may not have said hello yet: wait for its bus.
      live = await waiters.wait(
        () => busToDispatchOn(liveBuses.buses(), type, target),
        Math.max(0, deadline - Date.now()),
        failure(`recordBus.dispatch("${type}"): no bus${target === undefined ? '' : ` named "${target}"`} said hello`, timeout, () => ''),
      );
      // A navigation that committed before the new document spoke leaves the old document's bus here: ask the frame.
      if ((await connection.documentIdIn(live.frame)) === live.documentId) break;
      liveBuses.forgetFrame(live.frame);
    }
    const message = {
      source: PANEL_SOURCE,
      version: PROTOCOL_VERSION,
      kind: 'dispatch',
      instanceId: live.instance.id,
      requestId,
      eventType: type,
      payload,
      mode,
      ...(eventVersion === undefined ? {} : { eventVersion }),
    } as const;
    await connection.post(message, live.frame);
    return waiters.wait(
      () => answers.get(requestId),
      timeout,
      failure(`recordBus.dispatch("${type}"): the page did not answer`, timeout, () => ''),
    );
  };

  return {
    dispatch,
    /** Keeps the page's answer to a dispatch. */
    note(message: PageMessage): void {
      // Answers come from whichever bus a dispatch named, recorded or not.
      if (message.kind === 'dispatch-result') {
        answers.set(message.requestId, message.ok ? { ok: true, eventId: message.eventId } : { ok: false, reason: message.reason });
      }
    },
  };
};

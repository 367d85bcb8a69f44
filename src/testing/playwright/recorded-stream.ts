import { type BatchMessage, type LeftOutSummary, type PageMessage, readBatch, readLeftOut } from '../../devtools/protocol';
import { createStreamReader, eventKey } from '../../devtools/stream-reader';
import type { RecordedEntry, RecordedEvent, RecordedHandlerError, RecordedInstance, RecordedMiddleware, RecordedOrigin } from './records';

/**
 * What the recorder keeps of the page's devtools stream, in arrival order: every entry, and the
 * events, handler errors and middleware decisions among them, with the bus each came from; the
 * buses that said hello; what the page's recording controls left out. With `bus` (a name or id),
 * only that bus's entries are kept.
 *
 * @example
 * const stream = createRecordedStream('shop')
 * stream.read(message)
 * const types = stream.events.map((e) => e.type)
 */
export const createRecordedStream = (bus: string | undefined) => {
  const events: RecordedEvent[] = [];
  const errors: RecordedHandlerError[] = [];
  const middleware: RecordedMiddleware[] = [];
  const entries: RecordedEntry[] = [];
  const instances: RecordedInstance[] = [];
  /** Every bus that said hello, recorded or not: bus id → name. */
  const busNames = new Map<string, string>();
  const leftOut = new Map<string, LeftOutSummary>();
  /** The same reader as the panel's: skips the history a page re-sends to each viewer, takes late entries that fill a gap. */
  const reader = createStreamReader();
  /** Per stream, the highest `seq` seen and how many entries arrived: the difference never reached this recorder. */
  const arrivals = new Map<string, { newest: number; received: number }>();

  const wanted = (instanceId: string) => bus === undefined || bus === instanceId || bus === busNames.get(instanceId);

  const readEntries = (message: BatchMessage, origin: RecordedOrigin) => {
    const streamKey = `${message.instanceId}/${message.sessionId}`;
    const { fresh } = reader.read(streamKey, readBatch(message) ?? []);
    const arrived = arrivals.get(streamKey) ?? { newest: 0, received: 0 };
    arrivals.set(streamKey, arrived);
    const typeOfEvent = (eventId: string) => reader.event(eventKey(streamKey, eventId))?.eventType ?? '';
    for (const entry of fresh) {
      arrived.received++;
      arrived.newest = Math.max(arrived.newest, entry.seq);
      entries.push({ ...entry, ...origin });
      switch (entry.type) {
        case 'event': {
          const { type: _type, eventType, payload, ...event } = entry;
          events.push({ ...event, type: eventType, payload, raw: payload, ...origin });
          break;
        }
        case 'handler': {
          if (entry.outcome !== 'error') break;
          const { type: _type, seq: _seq, outcome: _outcome, error = { name: 'Error', message: '' }, ...run } = entry;
          errors.push({ ...run, eventType: typeOfEvent(entry.eventId), name: error.name, message: error.message, error, ...origin });
          break;
        }
        case 'middleware': {
          const { type: _type, seq: _seq, ...decision } = entry;
          middleware.push({ ...decision, eventType: typeOfEvent(entry.eventId), ...origin });
          break;
        }
      }
    }
  };

  return {
    events,
    errors,
    middleware,
    entries,
    instances,
    /** Per bus name (or id), what the page last reported its recording controls left out. */
    leftOut,
    busNames: busNames as ReadonlyMap<string, string>,
    /** Keeps what a page message adds: a bus that said hello, the entries of a batch. */
    read(message: PageMessage): void {
      if (message.kind === 'hello') {
        busNames.set(message.instanceId, message.instance.name);
        if (
          wanted(message.instanceId) &&
          !instances.some((instance) => instance.id === message.instanceId && instance.sessionId === message.sessionId)
        ) {
          instances.push({ ...message.instance, sessionId: message.sessionId });
        }
      }
      if (message.kind === 'batch' && wanted(message.instanceId)) {
        const origin: RecordedOrigin = {
          instanceId: message.instanceId,
          busName: busNames.get(message.instanceId) ?? '',
          sessionId: message.sessionId,
        };
        readEntries(message, origin);
        const summary = readLeftOut(message);
        if (summary) leftOut.set(origin.busName || message.instanceId, summary);
      }
    },
    /** How many entries of the recorded streams the page let go before they reached the recorder. */
    missedEntries(): number {
      let missed = 0;
      for (const { newest, received } of arrivals.values()) missed += newest - received;
      return missed;
    },
    /** Forgets the events, errors, middleware decisions and entries; entries already read stay skipped. */
    clear(): void {
      for (const list of [events, errors, middleware, entries]) list.length = 0;
      reader.forgetEvents();
    },
  };
};

/**
 * What {@link createRecordedStream} returns.
 *
 * @example
 * const failure = waitFailures(stream, 'shop')
 */
export type RecordedStream = ReturnType<typeof createRecordedStream>;

import type { Observation } from '../core/inspect';
import type { SubscriptionInfo } from '../core/types';
import type { SubscriptionEntry, WireEntry } from './protocol';
import { type Serialized, type SerializeLimits, serialize, serializeError } from './serialize';

/**
 * Redacts a payload before it leaves the page: returns the value to send.
 *
 * @example
 * const sanitize: Sanitize = (payload, type) => (type === 'user/login' ? { ...(payload as object), password: REDACTED } : payload)
 */
export type Sanitize = (payload: unknown, eventType: string) => unknown;

/** Where built entries go (as wire tuples), with their approximate JSON size in characters. */
export type EntrySink = (entry: WireEntry, bytes: number) => void;

interface EntryBuilderOptions {
  readonly sanitize: Sanitize | undefined;
  readonly redactKey: ((key: string) => boolean) | undefined;
  readonly limits: SerializeLimits;
  /** Whether the event entering the bus now was dispatched from the panel. */
  readonly isReplay: () => boolean;
}

const REDACTED_PAYLOAD: Serialized = { value: { $hubbub: 'redacted' }, bytes: 20 };

/** Durations to the microsecond: a full-precision double costs the panel's JSON several times more and means nothing past that. */
const micros = (ms: number): number => Math.round(ms * 1000) / 1000;

/** A subscription as the protocol sends it. */
export const subscriptionEntry = (s: SubscriptionInfo): SubscriptionEntry => ({
  id: s.id,
  type: s.type,
  isClass: s.isClass,
  label: s.label,
  priority: s.priority,
  once: s.once,
});

const ENTRY_BYTES = 160;

/**
 * A batch's wire entries as one JSON text (what the `batch` message carries). Entries hold only
 * serializer output, strings and numbers, so this does not throw; if it ever did, the entry that
 * fails is replaced by a warning instead of an exception reaching the app.
 *
 * @example
 * encodeEntries([['warning', 1, 'hi']]) // '[["warning",1,"hi"]]'
 */
export const encodeEntries = (entries: readonly WireEntry[]): string => {
  try {
    return JSON.stringify(entries);
  } catch (error) {
    const warning = JSON.stringify(`An entry could not be encoded: ${serializeError(error).message}`);
    const parts = entries.map((entry) => {
      try {
        return JSON.stringify(entry);
      } catch {
        return `["warning",${Number(entry[1])},${warning}]`;
      }
    });
    return `[${parts.join(',')}]`;
  }
};

/**
 * Turns the bus's observations into protocol stream entries: serializes (and sanitizes) payloads
 * at the moment they happen, numbers entries, and reports a failing sanitizer as a warning.
 */
export const createEntryBuilder = ({ sanitize, redactKey, limits, isReplay }: EntryBuilderOptions) => {
  let seq = 0;
  /** Event types of dispatches in flight, so a middleware's replacement value is sanitized by type. */
  const inFlight = new Map<string, string>();

  const warn = (sink: EntrySink, message: string) => sink(['warning', ++seq, message], message.length + ENTRY_BYTES);

  const payloadOf = (value: unknown, eventType: string, sink: EntrySink): Serialized => {
    if (!sanitize) return serialize(value, limits, redactKey);
    let clean: unknown;
    try {
      clean = sanitize(value, eventType);
    } catch (error) {
      const { message } = serializeError(error);
      warn(sink, `sanitize() threw for "${eventType}", so its payload was redacted: ${message}. Make sanitize total (never throw).`);
      return REDACTED_PAYLOAD;
    }
    return serialize(clean, limits, redactKey);
  };

  // Entries are built as wire tuples directly, fields in ENTRY_FIELDS order (see protocol.ts; test/devtools checks each type end to end).
  const build = (o: Observation, sink: EntrySink): void => {
    switch (o.kind) {
      case 'event': {
        const { meta } = o;
        const replayed = isReplay();
        if (sanitize) inFlight.set(meta.id, meta.type);
        const payload = payloadOf(o.event, meta.type, sink);
        sink(
          [
            'event',
            ++seq,
            meta.id,
            meta.type,
            payload.value,
            meta.timestamp,
            meta.correlationId,
            meta.causationId ?? null,
            meta.depth,
            o.via,
            replayed,
          ],
          payload.bytes + ENTRY_BYTES,
        );
        return;
      }
      case 'middleware': {
        const { decision } = o;
        const duration = micros(o.duration);
        if (decision === 'transformed') {
          const value = payloadOf(o.value, inFlight.get(o.eventId) ?? '', sink);
          sink(['middleware', ++seq, o.eventId, o.name, decision, duration, value.value], value.bytes + ENTRY_BYTES);
        } else if (decision === 'threw') {
          sink(['middleware', ++seq, o.eventId, o.name, decision, duration, null, serializeError(o.error)], ENTRY_BYTES * 4);
        } else sink(['middleware', ++seq, o.eventId, o.name, decision, duration], ENTRY_BYTES);
        return;
      }
      case 'handler-start':
        return;
      case 'handler-end': {
        const { subscription } = o;
        const duration = micros(o.duration);
        if (o.outcome === 'ok')
          sink(['handler', ++seq, o.eventId, subscription.id, subscription.label, duration, 'ok', o.async], ENTRY_BYTES);
        else {
          const error = serializeError(o.error);
          sink(['handler', ++seq, o.eventId, subscription.id, subscription.label, duration, 'error', o.async, error], ENTRY_BYTES * 4);
        }
        return;
      }
      case 'dispatched': {
        const { report } = o;
        if (sanitize) inFlight.delete(report.id);
        sink(['dispatched', ++seq, report.id, report.delivered, report.errors.length, report.blockedBy ?? null], ENTRY_BYTES);
        return;
      }
      case 'subscribe':
      case 'unsubscribe':
        sink(['subscription', ++seq, o.kind === 'subscribe' ? 'added' : 'removed', subscriptionEntry(o.subscription)], ENTRY_BYTES);
        return;
      case 'storm': {
        const chain = (o.error as { chain?: unknown }).chain;
        const { meta, error } = o;
        sink(
          ['storm', ++seq, meta.id, meta.type, meta.depth, error.message, Array.isArray(chain) ? chain.map(String) : []],
          error.message.length + ENTRY_BYTES * 2,
        );
        return;
      }
      case 'saga': {
        const error = o.error === undefined ? null : serializeError(o.error);
        sink(['saga', ++seq, o.saga, o.key, o.status, [...o.received], error], ENTRY_BYTES * 2);
        return;
      }
    }
  };

  return { build, warn };
};

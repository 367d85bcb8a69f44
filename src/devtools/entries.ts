import type { Observation } from '../core/inspect';
import type { SubscriptionInfo } from '../core/types';
import type { SerializedValue, StreamEntry, SubscriptionEntry } from './protocol';
import { type SerializeLimits, serialize, serializeError } from './serialize';

/**
 * Redacts a payload before it leaves the page: returns the value to send.
 *
 * @example
 * const sanitize: Sanitize = (payload, type) => (type === 'user/login' ? { ...(payload as object), password: REDACTED } : payload)
 */
export type Sanitize = (payload: unknown, eventType: string) => unknown;

/** Where built entries go, with their approximate size in characters. */
export type EntrySink = (entry: StreamEntry, bytes: number) => void;

interface EntryBuilderOptions {
  readonly sanitize: Sanitize | undefined;
  readonly redactKey: ((key: string) => boolean) | undefined;
  readonly limits: SerializeLimits;
  /** Whether the event entering the bus now was dispatched from the panel. */
  readonly isReplay: () => boolean;
}

const ENTRY_BYTES = 160;

/** Durations to the microsecond: a full-precision double costs the panel's JSON and clone several times more and means nothing past that. */
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

/**
 * Turns the bus's observations into protocol stream entries: serializes (and sanitizes) payloads
 * at the moment they happen, numbers entries, and reports a failing sanitizer as a warning.
 */
export const createEntryBuilder = ({ sanitize, redactKey, limits, isReplay }: EntryBuilderOptions) => {
  let seq = 0;
  /** Event types of dispatches in flight, so a middleware's replacement value is sanitized by type. */
  const inFlight = new Map<string, string>();

  const warn = (sink: EntrySink, message: string) => sink({ type: 'warning', seq: ++seq, message }, message.length + ENTRY_BYTES);

  const payloadOf = (value: unknown, eventType: string, sink: EntrySink): { value: SerializedValue; bytes: number } => {
    if (!sanitize) return serialize(value, limits, redactKey);
    let clean: unknown;
    try {
      clean = sanitize(value, eventType);
    } catch (error) {
      const { message } = serializeError(error);
      warn(sink, `sanitize() threw for "${eventType}", so its payload was redacted: ${message}. Make sanitize total (never throw).`);
      return { value: { $hubbub: 'redacted' }, bytes: 20 };
    }
    return serialize(clean, limits, redactKey);
  };

  const build = (o: Observation, sink: EntrySink): void => {
    switch (o.kind) {
      case 'event': {
        const { meta } = o;
        const replayed = isReplay();
        if (sanitize) inFlight.set(meta.id, meta.type);
        const payload = payloadOf(o.event, meta.type, sink);
        const entry: StreamEntry = {
          type: 'event',
          seq: ++seq,
          id: meta.id,
          eventType: meta.type,
          payload: payload.value,
          timestamp: meta.timestamp,
          correlationId: meta.correlationId,
          causationId: meta.causationId,
          depth: meta.depth,
          via: o.via,
          replayed,
        };
        sink(entry, payload.bytes + ENTRY_BYTES);
        return;
      }
      case 'middleware': {
        const base = {
          type: 'middleware',
          seq: ++seq,
          eventId: o.eventId,
          name: o.name,
          decision: o.decision,
          duration: micros(o.duration),
        } as const;
        if (o.decision === 'transformed') {
          const value = payloadOf(o.value, inFlight.get(o.eventId) ?? '', sink);
          sink({ ...base, value: value.value }, value.bytes + ENTRY_BYTES);
        } else if (o.decision === 'threw') sink({ ...base, error: serializeError(o.error) }, ENTRY_BYTES * 4);
        else sink(base, ENTRY_BYTES);
        return;
      }
      case 'handler-start':
        return;
      case 'handler-end': {
        const base = {
          type: 'handler',
          seq: ++seq,
          eventId: o.eventId,
          subscriptionId: o.subscription.id,
          label: o.subscription.label,
          duration: micros(o.duration),
          outcome: o.outcome,
          async: o.async,
        } as const;
        sink(
          o.outcome === 'error' ? { ...base, error: serializeError(o.error) } : base,
          o.outcome === 'error' ? ENTRY_BYTES * 4 : ENTRY_BYTES,
        );
        return;
      }
      case 'dispatched': {
        const { report } = o;
        if (sanitize) inFlight.delete(report.id);
        const base = {
          type: 'dispatched',
          seq: ++seq,
          eventId: report.id,
          delivered: report.delivered,
          errorCount: report.errors.length,
        } as const;
        sink(report.blockedBy === undefined ? base : { ...base, blockedBy: report.blockedBy }, ENTRY_BYTES);
        return;
      }
      case 'subscribe':
      case 'unsubscribe':
        sink(
          {
            type: 'subscription',
            seq: ++seq,
            change: o.kind === 'subscribe' ? 'added' : 'removed',
            subscription: subscriptionEntry(o.subscription),
          },
          ENTRY_BYTES,
        );
        return;
      case 'storm': {
        const chain = (o.error as { chain?: unknown }).chain;
        sink(
          {
            type: 'storm',
            seq: ++seq,
            eventId: o.meta.id,
            eventType: o.meta.type,
            depth: o.meta.depth,
            message: o.error.message,
            chain: Array.isArray(chain) ? chain.map(String) : [],
          },
          o.error.message.length + ENTRY_BYTES * 2,
        );
        return;
      }
      case 'saga': {
        const base = { type: 'saga', seq: ++seq, saga: o.saga, key: o.key, status: o.status, received: [...o.received] } as const;
        sink(o.error === undefined ? base : { ...base, error: serializeError(o.error) }, ENTRY_BYTES * 2);
        return;
      }
    }
  };

  return { build, warn };
};

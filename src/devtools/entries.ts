import type { EventRegistry, Observation, SubscriptionInfo } from '../index';
import type { SerializedError, SubscriptionEntry, WireEntry, WireOf } from './protocol';
import { type Serialized, type SerializeLimits, serialize, serializeError } from './serialize';
import { clip } from './text';

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
  /** The page's registry: an event entry carries its type's version when the registry defines the type. */
  readonly registry?: Pick<EventRegistry, 'has' | 'versionOf'> | undefined;
}

const REDACTED_PAYLOAD: Serialized = { value: { $hubbub: 'redacted' }, bytes: 20 };

/**
 * Dispatches whose event type the builder remembers (only with `sanitize`) until their middleware
 * is done, so a middleware's replacement value is sanitized by type. A middleware may never settle,
 * so past this the oldest are forgotten; a replacement value of a forgotten dispatch is sent
 * `redacted` (`sanitize` cannot be told its type).
 */
export const MAX_IN_FLIGHT = 1000;

/** Durations to the microsecond: a full-precision double costs the panel's JSON several times more and means nothing past that. */
const micros = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * A subscription as the protocol sends it (its label capped at `maxString` characters).
 *
 * @example
 * snapshot.subscriptions = subscriptionsOf(bus).map((s) => subscriptionEntry(s))
 */
export const subscriptionEntry = (s: SubscriptionInfo, maxString: number = 10_000): SubscriptionEntry => ({
  id: s.id,
  type: clip(String(s.type), maxString),
  isClass: s.isClass,
  label: clip(String(s.label), maxString),
  priority: s.priority,
  once: s.once,
});

/** JSON of an entry besides the strings it holds (brackets, tag, numbers, booleans). */
const ENTRY_BYTES = 64;
const errorBytes = (error: SerializedError) => error.name.length + error.message.length + (error.stack?.length ?? 0) + 40;

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
 * at the moment they happen, caps every app string (event types, labels, names, messages) at
 * `maxString`, numbers entries, weighs each by the JSON it will take, and reports a failing
 * sanitizer as a warning. Each tuple is typed by {@link WireOf}, so it follows `ENTRY_TABLE`.
 *
 * @example
 * const builder = createEntryBuilder({ sanitize: undefined, redactKey: undefined, limits: DEFAULT_LIMITS, isReplay: () => false })
 * inspect(bus, (o) => builder.build(o, (entry, bytes) => buffer.push(entry, bytes)))
 */
export const createEntryBuilder = ({ sanitize, redactKey, limits, isReplay, registry }: EntryBuilderOptions) => {
  let seq = 0;
  const { maxString } = limits;
  /** Event types of dispatches whose middleware may still run, at most {@link MAX_IN_FLIGHT}, oldest first. */
  const inFlight = new Map<string, string>();
  const text = (value: unknown): string =>
    typeof value === 'string' && value.length <= maxString ? value : clip(String(value), maxString);
  const errorOf = (error: unknown) => serializeError(error, maxString);

  const warn = (sink: EntrySink, message: string) => add(sink, ['warning', ++seq, text(message)]);

  const payloadOf = (value: unknown, eventType: string | undefined, sink: EntrySink): Serialized => {
    if (!sanitize) return serialize(value, limits, redactKey);
    if (eventType === undefined) return REDACTED_PAYLOAD;
    let clean: unknown;
    try {
      clean = sanitize(value, eventType);
    } catch (error) {
      warn(
        sink,
        `sanitize() threw for "${eventType}", so its payload was redacted: ${errorOf(error).message}. Make sanitize total (never throw).`,
      );
      return REDACTED_PAYLOAD;
    }
    return serialize(clean, limits, redactKey);
  };

  /** Adds an entry, weighed by the strings it holds plus `extra` (what nested values weigh). */
  const add = (sink: EntrySink, entry: WireEntry, extra = 0) => {
    let bytes = ENTRY_BYTES + extra;
    for (let i = 0; i < entry.length; i++) {
      const field = entry[i];
      if (typeof field === 'string') bytes += field.length;
    }
    sink(entry, bytes);
  };

  const build = (o: Observation, sink: EntrySink): void => {
    switch (o.kind) {
      // A refused event never entered the bus, but the panel lists it (badged storm): its own entry first.
      case 'storm':
      case 'event': {
        const { meta } = o;
        const replayed = isReplay();
        const eventType = text(meta.type);
        if (sanitize && o.kind === 'event') {
          inFlight.set(meta.id, eventType);
          if (inFlight.size > MAX_IN_FLIGHT) inFlight.delete(inFlight.keys().next().value as string);
        }
        const payload = payloadOf(o.event, eventType, sink);
        const entry: WireOf<'event'> = [
          'event',
          ++seq,
          meta.id,
          eventType,
          payload.value,
          meta.timestamp,
          meta.correlationId,
          meta.causationId ?? null,
          meta.depth,
          o.via,
          replayed,
          // `trace` (filled in place when the entry is sent, with `trace: true`), then `version`.
          ...(registry?.has(eventType) ? ([null, registry.versionOf(eventType)] as const) : ([] as const)),
        ];
        // The three entries of every event are weighed directly (the hot path); the rest by `add`.
        sink(entry, ENTRY_BYTES + payload.bytes + eventType.length + meta.id.length * 3);
        if (o.kind === 'event') return;
        const types = o.error.chain.slice(0, limits.maxKeys).map(text);
        add(sink, ['storm', ++seq, meta.id, eventType, meta.depth, text(o.error.message), types], types.join('", "').length + 2);
        return;
      }
      case 'middleware': {
        const { decision, eventId } = o;
        const name = text(o.name);
        const duration = micros(o.duration);
        if (decision === 'transformed') {
          const value = payloadOf(o.value, inFlight.get(eventId), sink);
          add(sink, ['middleware', ++seq, eventId, name, decision, duration, null, null, value.value], value.bytes);
        } else if (decision === 'threw') {
          const error = errorOf(o.error);
          add(sink, ['middleware', ++seq, eventId, name, decision, duration, error], errorBytes(error));
        } else {
          // `reason`: what `ctx.block(reason)` gave, on cores that pass it along.
          const reason: unknown = (o as { reason?: unknown }).reason;
          if (decision === 'blocked' && reason !== undefined)
            add(sink, ['middleware', ++seq, eventId, name, decision, duration, null, text(reason)]);
          else add(sink, ['middleware', ++seq, eventId, name, decision, duration]);
        }
        return;
      }
      case 'handler-start':
        // Middleware is done once a handler starts; the dispatch may go on (or hang) for long.
        if (sanitize) inFlight.delete(o.eventId);
        return;
      case 'handler-end': {
        const { subscription, eventId } = o;
        const label = text(subscription.label);
        const duration = micros(o.duration);
        if (o.outcome === 'ok')
          sink(['handler', ++seq, eventId, subscription.id, label, duration, 'ok', o.async], ENTRY_BYTES + eventId.length + label.length);
        else {
          const error = errorOf(o.error);
          add(sink, ['handler', ++seq, eventId, subscription.id, label, duration, 'error', o.async, error], errorBytes(error));
        }
        return;
      }
      case 'dispatched': {
        const { report } = o;
        const { id, delivered, blockedBy } = report;
        if (sanitize) inFlight.delete(id);
        const blockReason: unknown = (report as { blockReason?: unknown }).blockReason;
        const errorCount = report.errors.length;
        if (blockedBy === undefined && blockReason === undefined)
          sink(['dispatched', ++seq, id, delivered, errorCount], ENTRY_BYTES + id.length);
        else {
          const by = blockedBy === undefined ? null : text(blockedBy);
          if (blockReason === undefined) add(sink, ['dispatched', ++seq, id, delivered, errorCount, by]);
          else add(sink, ['dispatched', ++seq, id, delivered, errorCount, by, text(blockReason)]);
        }
        return;
      }
      case 'subscribe':
      case 'unsubscribe': {
        const subscription = subscriptionEntry(o.subscription, maxString);
        add(
          sink,
          ['subscription', ++seq, o.kind === 'subscribe' ? 'added' : 'removed', subscription],
          ENTRY_BYTES + subscription.type.length + subscription.label.length,
        );
        return;
      }
      case 'saga': {
        const error = o.error === undefined ? null : errorOf(o.error);
        const received = o.received.slice(0, limits.maxKeys).map(text);
        add(
          sink,
          ['saga', ++seq, text(o.saga), text(o.key), o.status, received, error, o.eventId ?? null],
          received.join('", "').length + 2 + (error === null ? 0 : errorBytes(error)),
        );
        return;
      }
    }
  };

  return { build, warn };
};

/**
 * Applies the recording controls to a bus's observations inside `connectDevtools`: an event that
 * is not kept is never built into an entry, and neither are its follow-ups (middleware decisions,
 * handler runs, the dispatch summary), found by event id.
 */
import type { Observation } from '../index';
import type { DevtoolsOptions } from './options';
import type { LeftOutSummary } from './protocol';
import { createRecordingControls, RecordingDecision } from './recording-controls';

/**
 * Ids of left-out events remembered, so their follow-ups are skipped too. Not emptied at
 * `dispatched` (an async handler's end comes later); the oldest are forgotten past this. A
 * follow-up arriving after its id was forgotten is dropped by viewers (it joins no event).
 */
export const MAX_SKIPPED_IDS = 10_000;

/**
 * The recording filter of one connection: `records(o)` says whether to build an entry for an
 * observation; `summary()` is what was left out, for the next batch.
 *
 * @example
 * const filter = createRecordingFilter({ deny: ['pointer/*'] }, 10_000)
 * inspect(bus, (o) => filter?.records(o) && builder.build(o, sink))
 */
export interface RecordingFilter {
  readonly records: (observation: Observation) => boolean;
  /** Whether the counts changed since they were last taken by `summary()`. */
  readonly changed: () => boolean;
  /** Resends the counts with the next batch (after a viewer connected, or a post failed). */
  readonly markChanged: () => void;
  /** Takes the counts (event types cut at `maxString` as they are counted). */
  readonly summary: () => LeftOutSummary;
  /** Forgets the counts (the panel cleared its log). */
  readonly reset: () => void;
}

/**
 * Makes the filter for `connectDevtools`' `allow` / `deny` / `sample` / `maxPerSecond`, or
 * undefined when none is given (then nothing is checked per event). Bad options throw the
 * recording controls' TypeError, which names the option.
 *
 * @example
 * const filter = createRecordingFilter(options, limits.maxString)
 */
export const createRecordingFilter = (
  options: Pick<DevtoolsOptions, 'allow' | 'deny' | 'sample' | 'maxPerSecond'>,
  maxString: number,
): RecordingFilter | undefined => {
  const { allow, deny, sample, maxPerSecond } = options;
  if (allow === undefined && deny === undefined && sample === undefined && maxPerSecond === undefined) return undefined;
  const controls = createRecordingControls({
    maxString,
    ...(allow !== undefined && { allow }),
    ...(deny !== undefined && { deny }),
    ...(sample !== undefined && { sample }),
    ...(maxPerSecond !== undefined && { maxPerSecond }),
  });
  let skipped = new Set<string>();
  let changed = false;

  /** Decides one event (or refused storm); remembers the id of one left out. */
  const keeps = (type: unknown, event: unknown, id: string): boolean => {
    if (controls.decide(String(type), event) === RecordingDecision.keep) return true;
    changed = true;
    skipped.add(id);
    if (skipped.size > MAX_SKIPPED_IDS) skipped.delete(skipped.values().next().value as string);
    return false;
  };

  return {
    records(o) {
      switch (o.kind) {
        case 'event':
        case 'storm':
          return keeps(o.meta.type, o.event, o.meta.id);
        case 'middleware':
        case 'handler-start':
        case 'handler-end':
          return !skipped.has(o.eventId);
        case 'dispatched':
          return !skipped.has(o.report.id);
        default:
          return true;
      }
    },
    changed: () => changed,
    markChanged() {
      changed = controls.leftOut().total > 0;
    },
    summary() {
      changed = false;
      return controls.leftOut();
    },
    reset() {
      controls.reset();
      skipped = new Set();
      changed = true;
    },
  };
};

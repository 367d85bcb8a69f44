import { useMemo } from 'react';
import { useShallow } from 'zustand/shallow';
import type { EventsState } from '../model/events';
import { createVisibleIndex, type VisibleEvents } from '../model/visible';
import { useModel, useSlice, useSliceAtMost } from './model-context';

/** The log re-renders at most this often while events stream in (20 times a second). @example useSliceAtMost(pick, select, LOG_RENDER_INTERVAL_MS) */
export const LOG_RENDER_INTERVAL_MS = 50;
/** A new log array (a clear, an import, late events placed) shows at once; growth waits for the interval. @example useSliceAtMost(pick, select, LOG_RENDER_INTERVAL_MS, logReplaced) */
export const logReplaced = (now: EventsState, before: EventsState): boolean => now.records !== before.records;

/** The filtered event list, updated incrementally as events arrive. @example const { records, error } = useVisibleEvents() */
export const useVisibleEvents = (): VisibleEvents => {
  const model = useModel();
  const index = useMemo(createVisibleIndex, []);
  const records = useSliceAtMost(
    (m) => m.events,
    (s) => s.records,
    LOG_RENDER_INTERVAL_MS,
    logReplaced,
  );
  const version = useSliceAtMost(
    (m) => m.events,
    (s) => s.version,
    LOG_RENDER_INTERVAL_MS,
    logReplaced,
  );
  const values = useSlice(
    (m) => m.filters,
    useShallow((filters) => ({
      eventType: filters.eventType,
      text: filters.text,
      regex: filters.regex,
      invert: filters.invert,
      instanceKey: filters.instanceKey,
      outcome: filters.outcome ?? '',
    })),
  );
  // The log is mutated in place: `version` is its change signal; the events model tells the index which listed records changed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the change signal of the log mutated in place.
  return useMemo(() => index.update(records, values, model.events.getState()), [index, records, values, version, model]);
};

import { useMemo } from 'react';
import { useShallow } from 'zustand/shallow';
import { createVisibleIndex, type VisibleEvents } from '../model/visible';
import { useSlice } from './model-context';

/** The filtered event list, updated incrementally as events arrive. @example const { records, error } = useVisibleEvents() */
export const useVisibleEvents = (): VisibleEvents => {
  const index = useMemo(createVisibleIndex, []);
  const records = useSlice(
    (m) => m.events,
    (s) => s.records,
  );
  const version = useSlice(
    (m) => m.events,
    (s) => s.version,
  );
  const values = useSlice(
    (m) => m.filters,
    useShallow((s) => ({ eventType: s.eventType, text: s.text, regex: s.regex, invert: s.invert, instanceKey: s.instanceKey })),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log is mutated in place; `version` is its change signal.
  return useMemo(() => index.update(records, values), [index, records, values, version]);
};

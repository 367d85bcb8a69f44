import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import { loadRegexEngine, regexEngine } from '../model/regex-engine';
import { createVisibleIndex, type VisibleEvents } from '../model/visible';
import { useEvents, useLogVersion, useModel, useSlice } from './model-context';

/**
 * The filtered event list, updated incrementally as events arrive, at most once per
 * LOG_RENDER_INTERVAL_MS: a render for another reason (a scroll) shows the same list. Turning regex
 * on loads the regex engine (before a pattern is typed, so it is usually there when one is); until
 * it has loaded, the list says so (`loading`), then is filtered by the pattern.
 *
 * @example const { records, error, total } = useVisibleEvents()
 */
export const useVisibleEvents = (): VisibleEvents => {
  const model = useModel();
  const index = useMemo(createVisibleIndex, []);
  const records = useEvents((s) => s.records);
  const version = useLogVersion();
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
  const engine = useStore(regexEngine);
  // Again when regex is turned off and on: a load that failed is tried again.
  useEffect(() => {
    if (values.regex) void loadRegexEngine();
  }, [values.regex]);
  // The log is mutated in place: `version` is its change signal; the events model tells the index which listed records changed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the change signal of the log mutated in place.
  return useMemo(() => index.update(records, values, model.events.getState(), engine), [index, records, values, version, model, engine]);
};

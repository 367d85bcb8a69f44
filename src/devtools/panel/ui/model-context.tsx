import { createContext, useContext, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionState } from '../model/connection';
import type { EventsState } from '../model/events';
import type { FiltersState } from '../model/filters';
import type { InstancesState } from '../model/instances';
import type { PanelModel } from '../model/panel-model';
import type { SelectionState } from '../model/selection';
import type { SettingsState } from '../model/settings';

const ModelContext = createContext<PanelModel | undefined>(undefined);

/** Provides one panel's model to the components below it. @example <ModelProvider model={model}><App /></ModelProvider> */
export const ModelProvider = ModelContext.Provider;

/** The panel model of the nearest provider. @example const model = useModel() */
export const useModel = (): PanelModel => {
  const model = useContext(ModelContext);
  if (!model) throw new Error('Hubbub panel components must be rendered inside <ModelProvider model={createPanelModel(transport)}>.');
  return model;
};

/** Reads a slice of one of the model's stores. @example const paused = useSlice((m) => m.settings, (s) => s.paused) */
export const useSlice = <S, T>(pick: (model: PanelModel) => StoreApi<S>, select: (state: S) => T): T => useStore(pick(useModel()), select);

/** A slice of the connection store (link status, notices). @example const status = useConnection((s) => s.status) */
export const useConnection = <T,>(select: (state: ConnectionState) => T): T => useSlice((m) => m.connection, select);
/**
 * A slice of the events store. Its views re-render together at most once per
 * {@link LOG_RENDER_INTERVAL_MS} while events stream in (see {@link throttledLog}).
 *
 * @example const total = useEvents((s) => s.records.length)
 */
export const useEvents = <T,>(select: (state: EventsState) => T): T => {
  const store = useModel().events;
  return useSyncExternalStore(throttledLog(store).subscribe, () => select(store.getState()));
};

/**
 * The events model's `version` as of the latest notification of {@link throttledLog}: unlike
 * {@link useEvents}, a render for any other reason (the list scrolled, a row was selected) does not
 * pick up the batches that arrived since, so it changes at most once per interval.
 *
 * @example const version = useLogVersion()
 */
export const useLogVersion = (): number => {
  const log = throttledLog(useModel().events);
  return useSyncExternalStore(log.subscribe, log.version);
};
/** A slice of the instances store (the buses). @example const buses = useInstances((s) => s.instances) */
export const useInstances = <T,>(select: (state: InstancesState) => T): T => useSlice((m) => m.instances, select);
/** A slice of the filters store. @example const text = useFilters((s) => s.text) */
export const useFilters = <T,>(select: (state: FiltersState) => T): T => useSlice((m) => m.filters, select);
/** A slice of the selection store (open event, view, detail tab). @example const view = useSelection((s) => s.view) */
export const useSelection = <T,>(select: (state: SelectionState) => T): T => useSlice((m) => m.selection, select);
/** A slice of the settings store. @example const paused = useSettings((s) => s.paused) */
export const useSettings = <T,>(select: (state: SettingsState) => T): T => useSlice((m) => m.settings, select);

/** The views of the log re-render at most this often while events stream in (20 times a second). */
export const LOG_RENDER_INTERVAL_MS = 50;

/** A new log array (a clear, an import, late events placed) shows at once; growth waits for the interval. */
const logReplaced = (now: EventsState, before: EventsState): boolean => now.records !== before.records;

/** See {@link throttledLog}. */
interface ThrottledLog {
  readonly subscribe: (notify: () => void) => () => void;
  /** The events model's version when the views were last notified. */
  readonly version: () => number;
}
const throttledLogs = new WeakMap<StoreApi<EventsState>, ThrottledLog>();

/**
 * One subscription to the events store shared by every view of it, which it notifies at most once
 * per {@link LOG_RENDER_INTERVAL_MS} (the last change always shows; a new log array at once), all in
 * the same task: however many batches arrive, and whichever views are open, React renders them
 * together once per interval instead of once per batch and view.
 *
 * @example
 * useSyncExternalStore(throttledLog(model.events).subscribe, () => model.events.getState().version)
 */
export const throttledLog = (store: StoreApi<EventsState>): ThrottledLog => {
  const known = throttledLogs.get(store);
  if (known) return known;
  const listeners = new Set<() => void>();
  let shown = store.getState().version;
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = undefined;
    last = performance.now();
    shown = store.getState().version;
    for (const notify of [...listeners]) notify();
  };
  // For as long as the store lives: `version` is then never behind by more than the interval, views or no views.
  store.subscribe((state, previous) => {
    if (logReplaced(state, previous)) return fire();
    if (timer !== undefined) return;
    const wait = last + LOG_RENDER_INTERVAL_MS - performance.now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  });
  const log: ThrottledLog = {
    subscribe: (notify) => {
      listeners.add(notify);
      return () => listeners.delete(notify);
    },
    version: () => shown,
  };
  throttledLogs.set(store, log);
  return log;
};

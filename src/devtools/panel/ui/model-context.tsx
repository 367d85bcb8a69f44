import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
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
/** A slice of the events store. @example const total = useEvents((s) => s.records.length) */
export const useEvents = <T,>(select: (state: EventsState) => T): T => useSlice((m) => m.events, select);
/** A slice of the instances store (the buses). @example const buses = useInstances((s) => s.instances) */
export const useInstances = <T,>(select: (state: InstancesState) => T): T => useSlice((m) => m.instances, select);
/** A slice of the filters store. @example const text = useFilters((s) => s.text) */
export const useFilters = <T,>(select: (state: FiltersState) => T): T => useSlice((m) => m.filters, select);
/** A slice of the selection store (open event, view, detail tab). @example const view = useSelection((s) => s.view) */
export const useSelection = <T,>(select: (state: SelectionState) => T): T => useSlice((m) => m.selection, select);
/** A slice of the settings store. @example const paused = useSettings((s) => s.paused) */
export const useSettings = <T,>(select: (state: SettingsState) => T): T => useSlice((m) => m.settings, select);

/**
 * Like {@link useSlice}, but re-renders at most once per `intervalMs` (the last change always
 * shows): a stream of batches re-renders the log a few times a second, not once per batch, so the
 * panel spends its time reading events. A change `immediate` accepts (a clear) shows at once.
 *
 * @example
 * const version = useSliceAtMost((m) => m.events, (s) => s.version, 50)
 */
export const useSliceAtMost = <S, T>(
  pick: (model: PanelModel) => StoreApi<S>,
  select: (state: S) => T,
  intervalMs: number,
  immediate?: (state: S, previous: S) => boolean,
): T => {
  const store = pick(useModel());
  const subscribe = useCallback(
    (notify: () => void) => {
      let last = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const fire = () => {
        timer = undefined;
        last = performance.now();
        notify();
      };
      const unsubscribe = store.subscribe((state, previous) => {
        if (immediate?.(state, previous)) {
          clearTimeout(timer);
          fire();
          return;
        }
        if (timer !== undefined) return;
        const wait = last + intervalMs - performance.now();
        if (wait <= 0) fire();
        else timer = setTimeout(fire, wait);
      });
      return () => {
        unsubscribe();
        clearTimeout(timer);
      };
    },
    [store, intervalMs, immediate],
  );
  return useSyncExternalStore(subscribe, () => select(store.getState()));
};

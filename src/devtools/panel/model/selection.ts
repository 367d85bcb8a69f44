import { createStore, type StoreApi } from 'zustand/vanilla';

/** The panel's main views. */
export type PanelView = 'log' | 'subscriptions' | 'sagas' | 'stats' | 'dispatch' | 'test';
/** The tabs of the event detail. */
export type DetailTab = 'payload' | 'pipeline' | 'causation' | 'trace';

export interface SelectionState {
  readonly selectedKey: string | undefined;
  readonly view: PanelView;
  readonly detailTab: DetailTab;
  readonly select: (key: string | undefined) => void;
  readonly setView: (view: PanelView) => void;
  readonly setDetailTab: (tab: DetailTab) => void;
}

/**
 * Creates the selection model: which event is open, which view and detail tab are shown.
 *
 * @example
 * const selection = createSelectionStore()
 * selection.getState().select('top/s1/bus-1#e1')
 */
export const createSelectionStore = (): StoreApi<SelectionState> =>
  createStore<SelectionState>()((set) => ({
    selectedKey: undefined,
    view: 'log',
    detailTab: 'payload',
    select: (selectedKey) => set({ selectedKey }),
    setView: (view) => set({ view }),
    setDetailTab: (detailTab) => set({ detailTab }),
  }));

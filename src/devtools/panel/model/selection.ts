import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EventsState } from './events';

/** The panel's main views. */
export type PanelView = 'log' | 'subscriptions' | 'sagas' | 'stats' | 'dispatch' | 'test';
/** The tabs of the event detail. */
export type DetailTab = 'payload' | 'diff' | 'pipeline' | 'causation' | 'trace';

/** What the Dispatch view opens with, to edit before publishing: a recorded event ("Edit in Dispatch"). See `dispatchDraftOf`. */
export interface DispatchDraft {
  readonly eventType: string;
  /** The payload as editable JSON text (recorded markers of lost data stay, for the user to replace). */
  readonly payloadText: string;
  /** The bus it was recorded on. */
  readonly instanceKey: string;
  /** The version of its type it was recorded at (types the page's registry defines): sent with it while the type is unchanged, so the registry upcasts it. */
  readonly eventVersion?: number | undefined;
}

export interface SelectionState {
  /** The event open in the detail. */
  readonly selectedKey: string | undefined;
  /** Where a Shift-click range starts: the event last selected by a plain or Ctrl/Cmd-click. */
  readonly anchorKey: string | undefined;
  /** Events selected together (Ctrl/Cmd-click, Shift-click, Shift+arrows, Space), for "Copy as test"; empty for a plain selection. */
  readonly picked: ReadonlySet<string>;
  readonly view: PanelView;
  readonly detailTab: DetailTab;
  /** Selects one event (or none): the events selected together are let go. */
  readonly select: (key: string | undefined) => void;
  /** Adds an event to the events selected together, or takes it out; the selected one joins them first. */
  readonly togglePicked: (key: string) => void;
  /** Selects together every event of `keys` (a range of the log, from the anchor on); the last becomes the selected one, the anchor stays. */
  readonly pickRange: (keys: readonly string[]) => void;
  readonly setView: (view: PanelView) => void;
  readonly setDetailTab: (tab: DetailTab) => void;
  /** The draft the Dispatch view starts from when it next opens; undefined once it took it. */
  readonly dispatchDraft: DispatchDraft | undefined;
  /** Opens the Dispatch view filled with `draft`. */
  readonly editInDispatch: (draft: DispatchDraft) => void;
  /** The Dispatch view took the draft. */
  readonly clearDispatchDraft: () => void;
  /**
   * The event the Diff tab compares the selected one with, until cleared; undefined: the previous
   * event of the same type from the same bus.
   */
  readonly diffBaseKey: string | undefined;
  /** Makes an event the Diff tab's base (undefined: back to the previous event of the same type). */
  readonly setDiffBase: (key: string | undefined) => void;
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
    anchorKey: undefined,
    picked: new Set(),
    view: 'log',
    detailTab: 'payload',
    select: (selectedKey) => set({ selectedKey, anchorKey: selectedKey, picked: new Set() }),
    togglePicked: (key) =>
      set(({ selectedKey, picked }) => {
        const next = new Set(picked.size === 0 && selectedKey !== undefined ? [selectedKey] : picked);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return { selectedKey: key, anchorKey: key, picked: next };
      }),
    pickRange: (keys) => set({ selectedKey: keys.at(-1), picked: new Set(keys) }),
    setView: (view) => set({ view }),
    setDetailTab: (detailTab) => set({ detailTab }),
    dispatchDraft: undefined,
    editInDispatch: (dispatchDraft) => set({ dispatchDraft, view: 'dispatch' }),
    clearDispatchDraft: () => set({ dispatchDraft: undefined }),
    diffBaseKey: undefined,
    setDiffBase: (diffBaseKey) => set({ diffBaseKey }),
  }));

/**
 * Lets the selection go once the selected event is no longer recorded (dropped by the max-events
 * setting, or the log cleared on a reload), so nothing points at a gone event and the log follows
 * new events again; the Diff tab's chosen base too (it falls back to the previous event of the
 * type). Checks at once, then on every change of the log; returns the unsubscribe.
 *
 * @example
 * releaseWhenGone(selection, events) // createPanelModel does this once, for every view
 */
export const releaseWhenGone = (selection: StoreApi<SelectionState>, events: StoreApi<EventsState>): (() => void) => {
  const check = () => {
    const { selectedKey, select } = selection.getState();
    if (selectedKey !== undefined && !events.getState().byKey(selectedKey)) select(undefined);
    const { diffBaseKey, setDiffBase } = selection.getState();
    if (diffBaseKey !== undefined && !events.getState().byKey(diffBaseKey)) setDiffBase(undefined);
  };
  check();
  return events.subscribe(check);
};

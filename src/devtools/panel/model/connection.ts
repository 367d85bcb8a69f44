import { createStore, type StoreApi } from 'zustand/vanilla';

/** What the panel knows about its link to the page. */
export type LinkStatus = 'waiting' | 'connected' | 'reconnecting' | 'no-content-script' | 'navigated';

/**
 * The answer to one dispatch or replay the panel sent: `refused` by the page, or by the panel itself
 * (no bus to send it to, or its bus went away before it answered).
 */
export type DispatchOutcome =
  | { readonly state: 'sent'; readonly eventType: string }
  | { readonly state: 'accepted'; readonly eventType: string; readonly eventId: string }
  | { readonly state: 'refused'; readonly eventType: string; readonly reason: string };

export interface ConnectionState {
  readonly status: LinkStatus;
  /** Set when a page speaks another protocol version: shown, never misread. */
  readonly versionMismatch: { readonly version: unknown } | undefined;
  /** The page's own warnings and refused messages, newest last (capped). */
  readonly notices: readonly string[];
  /** The answers of the latest dispatches, oldest first (the last {@link MAX_DISPATCHES}). */
  readonly dispatches: ReadonlyMap<string, DispatchOutcome>;
  /** Page messages lost between the page and the panel (too big to relay, the relay restarting, or more than the content script holds while no panel shows the tab). */
  readonly lost: number;
  readonly setStatus: (status: LinkStatus) => void;
  readonly setVersionMismatch: (version: unknown) => void;
  readonly notice: (text: string) => void;
  readonly dismissNotices: () => void;
  readonly trackDispatch: (requestId: string, outcome: DispatchOutcome) => void;
  /** Counts page messages lost on the way, and says so in a notice. */
  readonly addLost: (count: number) => void;
}

const MAX_NOTICES = 20;

/**
 * Dispatches listed with their answers: the Dispatch view shows them, so a long session must not
 * grow the list for ever. Twice the dispatches the model awaits at once, so one it gives up on is still listed.
 */
export const MAX_DISPATCHES = 2_000;

const withOutcome = (dispatches: ReadonlyMap<string, DispatchOutcome>, requestId: string, outcome: DispatchOutcome) => {
  const next = new Map(dispatches).set(requestId, outcome);
  for (const oldest of next.keys()) {
    if (next.size <= MAX_DISPATCHES) break;
    next.delete(oldest);
  }
  return next;
};

/**
 * Creates the connection model: link status, protocol mismatch, notices, dispatch answers.
 *
 * @example
 * const connection = createConnectionStore()
 * connection.getState().setStatus('connected')
 */
export const createConnectionStore = (): StoreApi<ConnectionState> =>
  createStore<ConnectionState>()((set, get) => ({
    status: 'waiting',
    versionMismatch: undefined,
    notices: [],
    dispatches: new Map(),
    setStatus: (status) => set({ status }),
    setVersionMismatch: (version) => set({ versionMismatch: { version } }),
    notice: (text) => set({ notices: [...get().notices, text].slice(-MAX_NOTICES) }),
    dismissNotices: () => set({ notices: [] }),
    trackDispatch: (requestId, outcome) => set({ dispatches: withOutcome(get().dispatches, requestId, outcome) }),
    lost: 0,
    addLost(count) {
      const lost = get().lost + count;
      const text = `${lost} message${lost === 1 ? '' : 's'} from the page could not be relayed (too big, the extension restarting, or more than it keeps while no panel is open); entries the page still holds come back when the panel reconnects.`;
      set({ lost, notices: [...get().notices.filter((n) => !n.endsWith('when the panel reconnects.')), text].slice(-MAX_NOTICES) });
    },
  }));

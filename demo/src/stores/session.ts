import { create } from 'zustand';
import { useEvent } from '../bus/hooks';

/** Who is signed in. */
export interface SessionState {
  readonly userId: string | undefined;
}

/**
 * The signed-in user shown in the header; changed only by {@link useSessionFeed}.
 *
 * @example
 * const userId = useSessionStore((s) => s.userId)
 */
export const useSessionStore = create<SessionState>()(() => ({ userId: undefined }));

/**
 * Feeds the session from 'session/signedIn' and 'session/signedOut'.
 *
 * @example
 * function App() { useSessionFeed(); ... }
 */
export const useSessionFeed = (): void => {
  useEvent('session/signedIn', ({ userId }) => useSessionStore.setState({ userId }), { label: 'session store: in' });
  useEvent('session/signedOut', () => useSessionStore.setState({ userId: undefined }), { label: 'session store: out' });
};

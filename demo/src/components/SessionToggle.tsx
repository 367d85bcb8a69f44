import { usePublish } from '../bus/hooks';
import { useSessionStore } from '../stores/session';

/**
 * Sign in / sign out: publishes session events; the authorization middleware and the session
 * store both learn from them.
 *
 * @example
 * <SessionToggle />
 */
export function SessionToggle() {
  const publish = usePublish();
  const userId = useSessionStore((s) => s.userId);
  return (
    <div className="session">
      <span className={userId ? 'badge ok' : 'badge warn'}>{userId ? `Signed in as ${userId}` : 'Signed out'}</span>
      {userId ? (
        <button type="button" onClick={() => publish('session/signedOut', { userId })}>
          Sign out
        </button>
      ) : (
        <button type="button" onClick={() => publish('session/signedIn', { userId: 'ada' })}>
          Sign in as ada
        </button>
      )}
    </div>
  );
}

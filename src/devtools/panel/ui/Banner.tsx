import { PROTOCOL_VERSION } from '../../protocol';
import { useConnection, useInstances, useModel } from './model-context';

/** Says what is wrong with the link to the page, in words a user can act on. */
export const Banner = () => {
  const model = useModel();
  const status = useConnection((s) => s.status);
  const mismatch = useConnection((s) => s.versionMismatch);
  const notices = useConnection((s) => s.notices);
  // A live one: with Preserve log on, the buses of pages left behind stay listed (gone), and a page
  // navigated to without a bus must still be said to have none.
  const hasLiveBus = useInstances((s) => [...s.instances.values()].some((instance) => instance.live));
  return (
    <>
      {mismatch && (
        <div className="hb-banner hb-banner-error" role="alert">
          This page speaks Hubbub devtools protocol version {JSON.stringify(mismatch.version)}; this panel reads version {PROTOCOL_VERSION}.
          Its messages are ignored. Use the same Hubbub version in the page and the extension.
        </div>
      )}
      {status === 'no-content-script' && (
        <div className="hb-banner hb-banner-error" role="alert">
          This tab was opened before the Hubbub extension was installed or updated. Reload the page to connect.
        </div>
      )}
      {status === 'reconnecting' && (
        <div className="hb-banner" role="status">
          Reconnecting to the page…
        </div>
      )}
      {status !== 'no-content-script' && !hasLiveBus && !mismatch && (
        <div className="hb-banner" role="status">
          Waiting for a Hubbub bus. Call <code>connectDevtools(bus)</code> from 'hubbub/devtools' in the page (in a production build, from
          'hubbub/devtools/production': the other is compiled out there).
        </div>
      )}
      {notices.length > 0 && (
        <div className="hb-banner hb-banner-warning" role="status">
          <ul>
            {notices.map((text, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: notices are append-only text.
              <li key={i}>{text}</li>
            ))}
          </ul>
          <button type="button" className="hb-button" onClick={() => model.connection.getState().dismissNotices()}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
};

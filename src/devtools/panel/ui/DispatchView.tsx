import { useEffect, useState } from 'react';
import { defaultDispatchTarget, instanceLabel } from '../model/instances';
import { useConnection, useInstances, useModel, useSelection } from './model-context';

/** Publishes an event on the page, when the page allowed it; shows the page's answer either way. */
export const DispatchView = () => {
  const model = useModel();
  const instances = useInstances((s) => s.instances);
  const dispatches = useConnection((s) => s.dispatches);
  const live = [...instances.values()].filter((i) => i.live);
  // Read once, when the view opens ("Edit in Dispatch"); let go after, so the next opening starts empty.
  const [draft] = useState(() => model.selection.getState().dispatchDraft);
  const clearDraft = useSelection((s) => s.clearDispatchDraft);
  useEffect(() => clearDraft(), [clearDraft]);
  const [instanceKey, setInstanceKey] = useState(draft?.instanceKey ?? '');
  const [eventType, setEventType] = useState(draft?.eventType ?? '');
  const [payloadText, setPayloadText] = useState(draft?.payloadText ?? '{}');
  const [formError, setFormError] = useState<string | undefined>();
  const chosen = instances.get(instanceKey);
  // Unless the developer chose a bus, the top frame's: never an iframe's just because it spoke first.
  const target = chosen?.live ? chosen : defaultDispatchTarget(live);

  const submit = () => {
    if (eventType.trim() === '') return setFormError('Give the event type to publish, e.g. "cart:add".');
    let payload: unknown;
    try {
      payload = payloadText.trim() === '' ? undefined : JSON.parse(payloadText);
    } catch (error) {
      return setFormError(`The payload is not valid JSON: ${(error as Error).message}`);
    }
    setFormError(undefined);
    model.dispatch(eventType.trim(), payload, 'dispatch', target?.key);
  };

  return (
    <section className="hb-scroll-view hb-dispatch" aria-label="Dispatch">
      {target && !target.info.allowDispatch && (
        <p className="hb-banner hb-banner-warning">
          This page did not allow dispatch: the page will refuse. Enable it with{' '}
          <code>connectDevtools(bus, {'{ allowDispatch: true }'})</code>.
        </p>
      )}
      {live.length > 0 && (
        <label>
          bus{' '}
          <select aria-label="Dispatch target" value={target?.key ?? ''} onChange={(e) => setInstanceKey(e.target.value)}>
            {live.map((i) => (
              <option key={i.key} value={i.key}>
                {instanceLabel(i)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        event type <input aria-label="Event type to dispatch" value={eventType} onChange={(e) => setEventType(e.target.value)} />
      </label>
      <label>
        payload (JSON)
        <textarea aria-label="Payload JSON" rows={6} value={payloadText} onChange={(e) => setPayloadText(e.target.value)} />
      </label>
      <button type="button" className="hb-button" onClick={submit}>
        Dispatch
      </button>
      {formError && (
        <p className="hb-error-text" role="alert">
          {formError}
        </p>
      )}
      <ul className="hb-dispatch-results" aria-label="Dispatch results">
        {[...dispatches].reverse().map(([id, outcome]) => (
          <li key={id} className={`hb-dispatch-${outcome.state}`}>
            {outcome.eventType}:{' '}
            {outcome.state === 'sent'
              ? 'sent…'
              : outcome.state === 'accepted'
                ? `published (${outcome.eventId})`
                : `refused: ${outcome.reason}`}
          </li>
        ))}
      </ul>
    </section>
  );
};

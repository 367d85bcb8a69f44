import { useEffect, useId, useMemo, useState } from 'react';
import type { SerializedValue } from '../../protocol';
import { clip } from '../../text';
import { caveatsOfText, type MarkerAt, type PayloadCaveats } from '../model/dispatch-draft';
import { dispatchTargetFor } from '../model/dispatch-target';
import { instanceLabel, sameNameSuffix } from '../model/instances';
import { useConnection, useInstances, useModel, useSelection } from './model-context';
import { summaryOf } from './PayloadTree';

/** Fields one note lists by path; past that, how many more. */
const MAX_PATHS_LISTED = 8;
/** Characters of a marker's summary shown in a note. */
const MAX_SUMMARY = 60;

const where = (at: MarkerAt) => at.path || 'the payload';

/** `card ([redacted]), items[3] (ƒ format())`, then how many more. */
const pathsOf = (found: readonly MarkerAt[]): string => {
  const listed = found
    .slice(0, MAX_PATHS_LISTED)
    .map((at) => `${where(at)} (${clip(summaryOf(at.marker as unknown as SerializedValue), MAX_SUMMARY)})`);
  const more = found.length - listed.length;
  return `${listed.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
};

/**
 * What the page will make of the payload's `$hubbub` markers, read from the text as it is edited: what must be
 * replaced before the page accepts it, what was recorded only in part, and what turns back into Dates, Maps or plain fields.
 */
const PayloadNotes = ({ caveats, id }: { caveats: PayloadCaveats; id: string }) => {
  const { lost, cut, revived, instances } = caveats;
  if (lost.length + cut.length + revived.length + instances.length === 0) return null;
  return (
    <ul id={id} className="hb-dispatch-notes" aria-label="Payload notes">
      {lost.length > 0 && (
        <li className="hb-blocked-note">
          Not recorded, so not editable as JSON: {pathsOf(lost)}. Replace or remove {lost.length === 1 ? 'it' : 'them'}: the page refuses
          the payload as it is.
        </li>
      )}
      {cut.length > 0 && <li className="hb-blocked-note">Recorded only in part (first entries): {pathsOf(cut)}. Only those are sent.</li>}
      {revived.length > 0 && <li className="hb-muted">The page turns these markers back into values: {pathsOf(revived)}.</li>}
      {instances.length > 0 && (
        <li className="hb-muted">
          Class instances are sent as their fields, a plain object (a registry that knows the event type rebuilds the event's own class, not
          those inside it): {pathsOf(instances)}.
        </li>
      )}
    </ul>
  );
};

/** Publishes an event on the page, when the page allowed it; shows the page's answer either way. */
export const DispatchView = () => {
  const model = useModel();
  const instances = useInstances((s) => s.instances);
  const forgotten = useInstances((s) => s.forgotten);
  const dispatches = useConnection((s) => s.dispatches);
  const live = [...instances.values()].filter((i) => i.live);
  // Read once, when the view opens ("Edit in Dispatch"); let go after, so the next opening starts empty.
  const [draft] = useState(() => model.selection.getState().dispatchDraft);
  const clearDraft = useSelection((s) => s.clearDispatchDraft);
  useEffect(() => clearDraft(), [clearDraft]);
  const [instanceKey, setInstanceKey] = useState(draft?.instanceKey);
  const [eventType, setEventType] = useState(draft?.eventType ?? '');
  const [payloadText, setPayloadText] = useState(draft?.payloadText ?? '{}');
  const [formError, setFormError] = useState<string | undefined>();
  // The model's rule: the bus chosen, or the draft's (its successor after a reload), else the top frame's (never an iframe's just because it spoke first).
  const found = dispatchTargetFor({ instances, forgotten }, instanceKey);
  const target = found.found ? found.instance : undefined;
  const caveats = useMemo(() => caveatsOfText(payloadText), [payloadText]);
  const notesId = useId();
  const hasNotes = caveats.lost.length + caveats.cut.length + caveats.revived.length + caveats.instances.length > 0;

  const submit = () => {
    if (!target) return;
    if (eventType.trim() === '') return setFormError('Give the event type to publish, e.g. "cart:add".');
    let payload: unknown;
    try {
      payload = payloadText.trim() === '' ? undefined : JSON.parse(payloadText);
    } catch (error) {
      return setFormError(`The payload is not valid JSON: ${(error as Error).message}`);
    }
    setFormError(undefined);
    // The recorded version holds for the recorded type only: another type goes at its current version.
    const eventVersion = eventType.trim() === draft?.eventType ? draft.eventVersion : undefined;
    model.dispatch(eventType.trim(), payload, 'dispatch', target.key, eventVersion);
  };

  return (
    <section className="hb-scroll-view hb-dispatch" aria-label="Dispatch">
      {target && !target.info.allowDispatch && (
        <p className="hb-banner hb-banner-warning">
          This page did not allow dispatch: the page will refuse. Enable it with{' '}
          <code>connectDevtools(bus, {'{ allowDispatch: true }'})</code>.
        </p>
      )}
      {!found.found && (
        <p className="hb-banner hb-banner-warning">{live.length > 0 ? `${found.problem}: choose a bus to send it to.` : found.reason}</p>
      )}
      {live.length > 0 && (
        <label>
          bus{' '}
          <select aria-label="Dispatch target" value={target?.key ?? ''} onChange={(e) => setInstanceKey(e.target.value)}>
            {!target && (
              <option value="" disabled>
                choose a bus
              </option>
            )}
            {live.map((i) => (
              <option key={i.key} value={i.key}>
                {instanceLabel(i)}
                {sameNameSuffix(i, instances)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        event type <input aria-label="Event type to dispatch" value={eventType} onChange={(e) => setEventType(e.target.value)} />
      </label>
      {draft?.eventVersion !== undefined && eventType.trim() === draft.eventType && (
        <p className="hb-muted">
          Recorded at version {draft.eventVersion} of {draft.eventType}: the page's registry upcasts the payload from it.
        </p>
      )}
      <label>
        payload (JSON)
        <textarea
          aria-label="Payload JSON"
          aria-describedby={hasNotes ? notesId : undefined}
          rows={6}
          value={payloadText}
          onChange={(e) => setPayloadText(e.target.value)}
        />
      </label>
      <PayloadNotes caveats={caveats} id={notesId} />
      <button type="button" className="hb-button" disabled={!target} onClick={submit}>
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

import { useState } from 'react';
import type { DispatchOutcome } from '../model/connection';
import { dispatchDraftOf } from '../model/dispatch-draft';
import { type DispatchTarget, dispatchTargetFor } from '../model/dispatch-target';
import { causeKeyOf, type EventRecord } from '../model/event-record';
import { busNameOf } from '../model/instances';
import type { DetailTab } from '../model/selection';
import { CausationView } from './CausationView';
import { formatTime } from './format';
import { useConnection, useEvents, useInstances, useModel, useSelection } from './model-context';
import { PayloadDiff } from './PayloadDiff';
import { PayloadTree } from './PayloadTree';
import { Pipeline } from './Pipeline';
import { TraceView } from './TraceView';

/** `offerEdit`: link to the Dispatch view (when the header does not offer it already). */
const ReplayOutcome = ({
  outcome,
  record,
  offerEdit,
}: {
  outcome: DispatchOutcome | undefined;
  record: EventRecord;
  offerEdit: boolean;
}) => {
  const editInDispatch = useSelection((s) => s.editInDispatch);
  if (!outcome) return null;
  if (outcome.state === 'sent') return <span className="hb-muted">replaying…</span>;
  if (outcome.state === 'accepted') return <span className="hb-dispatch-accepted">replayed as {outcome.eventId}</span>;
  return (
    <span className="hb-dispatch-refused" role="alert">
      replay refused: {outcome.reason}
      {offerEdit && (
        <>
          {' '}
          <button type="button" className="hb-link" onClick={() => editInDispatch(dispatchDraftOf(record))}>
            Edit in Dispatch
          </button>
        </>
      )}
    </span>
  );
};

/**
 * The payload as published (the `event` entry is recorded before middleware) and, when a middleware
 * transformed it, the value the last transform passed on (what handlers received, unless a later one blocked it).
 */
const PayloadTab = ({ record }: { record: EventRecord }) => {
  const [after, setAfter] = useState(false);
  const last = record.middleware.findLast((m) => m.decision === 'transformed' && m.value !== undefined);
  if (last?.value === undefined) {
    return (
      <>
        <p className="hb-muted hb-payload-note">As published, before middleware.</p>
        <PayloadTree value={record.payload} />
      </>
    );
  }
  const blocked = record.status === 'blocked';
  return (
    <>
      <fieldset aria-label="Payload stage" className="hb-payload-stages">
        <button type="button" aria-pressed={!after} onClick={() => setAfter(false)}>
          as published
        </button>
        <button type="button" aria-pressed={after} onClick={() => setAfter(true)}>
          after middleware
        </button>
      </fieldset>
      <p className="hb-muted hb-payload-note">
        {after
          ? `After middleware: the value ${last.name} passed on${blocked ? ' (a middleware then blocked the event: no handler received it)' : ', as handlers received it'}.`
          : 'As published, before middleware (a middleware transformed it: see "after middleware").'}
      </p>
      <PayloadTree key={after ? 'after' : 'published'} value={after ? last.value : record.payload} />
    </>
  );
};

/** The id of the event that caused `record`: a link that opens it while the log still holds it. */
const CauseLink = ({ record }: { record: EventRecord }) => {
  const model = useModel();
  const select = useSelection((s) => s.select);
  const causeKey = causeKeyOf(record);
  if (record.causationId === undefined) return <>—</>;
  if (causeKey === undefined || !model.events.getState().byKey(causeKey)) return <>{record.causationId}</>;
  return (
    <button type="button" className="hb-link" title="Open the event that caused this one" onClick={() => select(causeKey)}>
      {record.causationId}
    </button>
  );
};

/** What Replay does, or why it cannot. */
const replayTitle = (target: DispatchTarget): string => {
  if (!target.found) return target.reason;
  if (!target.instance.info.allowDispatch) return 'The page did not allow dispatch';
  if (target.successor) return `Publish this event again on the live bus "${target.instance.info.name}" (the one that recorded it is gone)`;
  return 'Publish this event again on the page';
};

const TABS: readonly [DetailTab, string][] = [
  ['payload', 'Payload'],
  ['diff', 'Diff'],
  ['pipeline', 'Pipeline'],
  ['causation', 'Causation'],
  ['trace', 'Trace'],
];

/** The selected event: payload tree and its diff (with the previous one of its type, or a chosen one), metadata, middleware and handler pipeline, causation tree; replay, and "Edit in Dispatch" when the page allowed dispatch. */
export const EventDetail = () => {
  const model = useModel();
  const key = useSelection((s) => s.selectedKey);
  const tab = useSelection((s) => s.detailTab);
  useEvents((s) => s.version);
  const instances = useInstances((s) => s.instances);
  const forgotten = useInstances((s) => s.forgotten);
  const dispatches = useConnection((s) => s.dispatches);
  const [replay, setReplay] = useState<{ key: string; requestId: string }>();
  const editInDispatch = useSelection((s) => s.editInDispatch);
  const record = key === undefined ? undefined : model.events.getState().byKey(key);
  if (!record) return <aside className="hb-detail hb-muted">Select an event to see its payload, pipeline and causation.</aside>;
  const instance = instances.get(record.instanceKey);
  // The same rule as the model's dispatch: Replay goes where the Dispatch view would send it.
  const target = dispatchTargetFor({ instances, forgotten }, record.instanceKey);
  // Offered where a dispatch can land: the target allowed it; or, with no target, to choose a live bus.
  const canDispatch = target.found ? target.instance.info.allowDispatch : [...instances.values()].some((i) => i.live);
  return (
    <aside className="hb-detail" aria-label="Event detail">
      <header className="hb-detail-head">
        <h2 title={record.eventType}>{record.eventType}</h2>
        <span className={`hb-badge hb-badge-${record.status}`}>{record.status}</span>
        <button
          type="button"
          className="hb-button"
          disabled={!target.found}
          title={replayTitle(target)}
          onClick={() =>
            setReplay({
              key: record.key,
              requestId: model.dispatch(record.eventType, record.payload, 'replay', record.instanceKey, record.version),
            })
          }
        >
          Replay
        </button>
        {canDispatch && (
          <button
            type="button"
            className="hb-button"
            title="Open the Dispatch view with this event's type and payload, to edit and publish"
            onClick={() => editInDispatch(dispatchDraftOf(record))}
          >
            Edit in Dispatch
          </button>
        )}
        {replay?.key === record.key && (
          <ReplayOutcome outcome={dispatches.get(replay.requestId)} record={record} offerEdit={!canDispatch} />
        )}
      </header>
      {!target.found && <p className="hb-blocked-note">{target.reason}</p>}
      <dl className="hb-meta">
        <dt>id</dt>
        <dd>{record.id}</dd>
        <dt>time</dt>
        <dd>{formatTime(record.timestamp)}</dd>
        <dt>bus</dt>
        <dd>
          {busNameOf({ instances, forgotten }, record.instanceKey) ?? '?'}
          {instance?.frame && instance.frame.frameId !== 0 ? ` (frame ${instance.frame.frameUrl})` : ''}
        </dd>
        <dt>via</dt>
        <dd>
          {record.via}
          {record.replayed ? ' (replayed from the panel)' : ''}
        </dd>
        <dt>correlation</dt>
        <dd>{record.correlationId}</dd>
        <dt>caused by</dt>
        <dd>
          <CauseLink record={record} />
        </dd>
        <dt>depth</dt>
        <dd>{record.depth}</dd>
      </dl>
      <div role="tablist" className="hb-tabs">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => model.selection.getState().setDetailTab(id)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="hb-tabpanel">
        {tab === 'payload' && <PayloadTab record={record} />}
        {tab === 'diff' && <PayloadDiff record={record} />}
        {tab === 'pipeline' && <Pipeline record={record} />}
        {tab === 'causation' && <CausationView record={record} />}
        {tab === 'trace' && <TraceView record={record} />}
      </div>
    </aside>
  );
};

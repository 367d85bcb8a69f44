import { useMemo } from 'react';
import type { SerializedValue } from '../../protocol';
import { clip } from '../../text';
import type { EventRecord } from '../model/event-record';
import { busNameOf } from '../model/instances';
import { diffPayloads, pathText, previousOfSameBusAndType, recentOfType } from '../model/payload-diff';
import { countOf, formatTime } from './format';
import { useEvents, useInstances, useModel, useSelection } from './model-context';
import { summaryOf } from './PayloadTree';

/** Changes listed; past that, how many more there are. */
export const MAX_CHANGES_SHOWN = 200;
/** Characters of one value (or path) shown before it is cut. */
export const MAX_VALUE_TEXT = 120;

const isPlainObject = (value: SerializedValue): value is Record<string, SerializedValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $hubbub?: unknown }).$hubbub !== 'string';

/** A value on one line: JSON-like for plain arrays and objects, markers as the payload tree shows them (never expanded). */
const valueText = (value: SerializedValue): string => {
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (isPlainObject(value)) {
    const fields = Object.entries(value).map(([key, field]) => `${pathText([key]) || '""'}: ${valueText(field)}`);
    return `{${fields.join(', ')}}`;
  }
  return summaryOf(value);
};

const shown = (value: SerializedValue | undefined): string => clip(value === undefined ? '' : valueText(value), MAX_VALUE_TEXT);

/** Other events of the type the "Compare with" menu offers. */
const MAX_COMPARE_CHOICES = 20;

/** How an event is named among the Diff tab's choices: its id and time, its type and bus when not those of `record`. */
const choiceLabel = (candidate: EventRecord, record: EventRecord, busName: (key: string) => string | undefined): string => {
  const type = candidate.eventType === record.eventType ? '' : `${clip(candidate.eventType, MAX_VALUE_TEXT)} `;
  const bus = candidate.instanceKey === record.instanceKey ? '' : ` on ${busName(candidate.instanceKey) ?? 'another bus'}`;
  return `${type}${candidate.id} at ${formatTime(candidate.timestamp)}${bus}`;
};

/** Which event the diff is with, and a way to choose another: the previous one of the type, a recent one, or a pinned one of any type. */
const DiffBaseControls = ({
  record,
  chosen,
  recent,
  busName,
}: {
  record: EventRecord;
  /** The base the user chose; undefined for the default, the previous event of the type. */
  chosen: EventRecord | undefined;
  recent: readonly EventRecord[];
  busName: (instanceKey: string) => string | undefined;
}) => {
  const setDiffBase = useSelection((s) => s.setDiffBase);
  const isBase = chosen === record;
  // The chosen base is always a choice of its own, even when it is not a recent one of this type.
  const chosenListed = chosen !== undefined && recent.includes(chosen);
  return (
    <div className="hb-diff-base">
      <label>
        compare with{' '}
        <select aria-label="Compare with" value={chosen?.key ?? ''} onChange={(event) => setDiffBase(event.target.value || undefined)}>
          <option value="">previous {clip(record.eventType, MAX_VALUE_TEXT)} from this bus</option>
          {chosen && !chosenListed && (
            <option value={chosen.key}>{isBase ? 'this event (pinned)' : `${choiceLabel(chosen, record, busName)} (pinned)`}</option>
          )}
          {recent.length > 0 && (
            <optgroup label={`recent ${clip(record.eventType, MAX_VALUE_TEXT)}`}>
              {recent.map((candidate) => (
                <option key={candidate.key} value={candidate.key}>
                  {choiceLabel(candidate, record, busName)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <button
        type="button"
        className="hb-button"
        aria-pressed={isBase}
        title="Compare every event you select with this one, until cleared"
        onClick={() => setDiffBase(isBase ? undefined : record.key)}
      >
        Pin as diff base
      </button>
      {chosen && (
        <button type="button" className="hb-link" onClick={() => setDiffBase(undefined)}>
          Clear diff base
        </button>
      )}
    </div>
  );
};

/**
 * The Diff tab: what changed in this event's payload (as published) since the diff base: the event
 * the user chose (a recent one of the type, or any event pinned), else the previous event of the same
 * type from the same bus still in the log. The base's name selects it.
 */
export const PayloadDiff = ({ record }: { record: EventRecord }) => {
  const model = useModel();
  const records = useEvents((s) => s.records);
  const version = useEvents((s) => s.version);
  const select = useSelection((s) => s.select);
  const diffBaseKey = useSelection((s) => s.diffBaseKey);
  const instances = useInstances((s) => s.instances);
  const forgotten = useInstances((s) => s.forgotten);
  const busName = (key: string) => busNameOf({ instances, forgotten }, key);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log is mutated in place; `version` says when
  const previous = useMemo(() => previousOfSameBusAndType(records, record), [records, record, version]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log is mutated in place; `version` says when
  const recent = useMemo(() => recentOfType(records, record, MAX_COMPARE_CHOICES), [records, record, version]);
  const chosen = diffBaseKey === undefined ? undefined : model.events.getState().byKey(diffBaseKey);
  const base = chosen ?? previous;
  const changes = useMemo(() => (base && base !== record ? diffPayloads(base.payload, record.payload) : []), [base, record]);
  const controls = <DiffBaseControls record={record} chosen={chosen} recent={recent} busName={busName} />;
  if (chosen === record) {
    return (
      <>
        {controls}
        <p className="hb-muted hb-payload-note">
          This event is the diff base: select another event to see what changed from this one to it.
        </p>
      </>
    );
  }
  if (!base) {
    return (
      <>
        {controls}
        <p className="hb-muted hb-payload-note">No earlier {record.eventType} from this bus in the log to compare with.</p>
      </>
    );
  }
  const hidden = changes.length - MAX_CHANGES_SHOWN;
  return (
    <>
      {controls}
      <p className="hb-muted hb-payload-note">
        {chosen
          ? `As published, from the diff base you chose${chosen.eventType === record.eventType ? '' : `, a ${clip(chosen.eventType, MAX_VALUE_TEXT)}`}${
              chosen.instanceKey === record.instanceKey ? '' : ` on ${busName(chosen.instanceKey) ?? 'another bus'}`
            }, to this event: `
          : `As published, compared with the previous ${record.eventType} from this bus: `}
        <button type="button" className="hb-link" title="Open the event compared with" onClick={() => select(base.key)}>
          {base.id} at {formatTime(base.timestamp)}
        </button>
      </p>
      {changes.length === 0 ? (
        <p className="hb-diff-none">no change</p>
      ) : (
        <ul className="hb-diff" aria-label="Changes">
          {changes.slice(0, MAX_CHANGES_SHOWN).map((change) => {
            const path = clip(pathText(change.path), MAX_VALUE_TEXT) || '(payload)';
            return (
              <li key={JSON.stringify(change.path)} className={`hb-diff-${change.kind}`}>
                <span className="hb-tree-key">{path}: </span>
                {change.kind === 'added' && `added ${shown(change.after)}`}
                {change.kind === 'removed' && 'removed'}
                {change.kind === 'changed' && `${shown(change.before)} → ${shown(change.after)}`}
              </li>
            );
          })}
          {hidden > 0 && <li className="hb-muted">{countOf(hidden, 'more change', 'more changes')}</li>}
        </ul>
      )}
    </>
  );
};

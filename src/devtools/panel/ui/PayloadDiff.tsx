import { useMemo } from 'react';
import type { SerializedValue } from '../../protocol';
import { clip } from '../../text';
import type { EventRecord } from '../model/event-record';
import { diffPayloads, pathText, previousOfSameBusAndType } from '../model/payload-diff';
import { countOf, formatTime } from './format';
import { useEvents, useSelection } from './model-context';
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

/**
 * The Diff tab: what changed in this event's payload (as published) since the previous event of
 * the same type from the same bus still in the log; that event's name selects it.
 */
export const PayloadDiff = ({ record }: { record: EventRecord }) => {
  const records = useEvents((s) => s.records);
  const version = useEvents((s) => s.version);
  const select = useSelection((s) => s.select);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log is mutated in place; `version` says when
  const previous = useMemo(() => previousOfSameBusAndType(records, record), [records, record, version]);
  const changes = useMemo(() => (previous ? diffPayloads(previous.payload, record.payload) : []), [previous, record]);
  if (!previous) {
    return <p className="hb-muted">No earlier {record.eventType} from this bus in the log to compare with.</p>;
  }
  const hidden = changes.length - MAX_CHANGES_SHOWN;
  return (
    <>
      <p className="hb-muted hb-payload-note">
        As published, compared with the previous {record.eventType} from this bus:{' '}
        <button type="button" className="hb-link" title="Open the event compared with" onClick={() => select(previous.key)}>
          {previous.id} at {formatTime(previous.timestamp)}
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

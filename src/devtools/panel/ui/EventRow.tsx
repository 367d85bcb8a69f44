import type { CSSProperties } from 'react';
import { type EventRecord, glanceOf } from '../model/event-record';
import { formatTime } from './format';

const BADGE_TEXT = { blocked: 'blocked', failed: 'failed', storm: 'storm', pending: '…', ok: '' } as const;

/** One line of the event log. */
export const EventRow = ({
  record,
  instanceName,
  selected,
  style,
  onSelect,
}: {
  record: EventRecord;
  instanceName: string;
  selected: boolean;
  style: CSSProperties;
  onSelect: (key: string) => void;
}) => {
  const handlerCount = record.dispatched?.delivered ?? record.handlers.length;
  const glance = glanceOf(record);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard navigation lives on the listbox, as ARIA prescribes.
    <div
      role="option"
      tabIndex={-1}
      aria-selected={selected}
      id={`hb-row-${record.ingest}`}
      className={`hb-row hb-status-${record.status}${selected ? ' hb-selected' : ''}${record.afterNavigation ? ' hb-after-navigation' : ''}`}
      style={style}
      onClick={() => onSelect(record.key)}
      data-event-type={record.eventType}
    >
      <span className="hb-cell-time">{formatTime(record.timestamp)}</span>
      <span className="hb-cell-type" style={{ paddingLeft: `${Math.min(record.depth, 8) * 10}px` }}>
        {record.eventType}
      </span>
      <span className="hb-cell-instance">{instanceName}</span>
      <span className="hb-cell-handlers" title="handlers run">
        {handlerCount}
      </span>
      <span className="hb-cell-badges">
        {record.afterNavigation && (
          <span className="hb-badge hb-badge-navigation" title="The page reloaded or navigated before this event">
            reloaded
          </span>
        )}
        {record.replayed && <span className="hb-badge hb-badge-replayed">replayed</span>}
        {record.status !== 'ok' && <span className={`hb-badge hb-badge-${record.status}`}>{BADGE_TEXT[record.status]}</span>}
      </span>
      {glance !== '' && (
        <span className="hb-cell-glance" title={glance}>
          {glance}
        </span>
      )}
    </div>
  );
};

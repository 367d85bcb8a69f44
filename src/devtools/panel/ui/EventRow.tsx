import { memo } from 'react';
import { type EventRecord, glanceOf } from '../model/event-record';
import { formatTime } from './format';

/** How a row was clicked: Ctrl/Cmd adds it to (or takes it out of) the events selected together; Shift selects a range. */
export interface SelectHow {
  readonly toggle: boolean;
  readonly range: boolean;
}

/** Deepest nesting the type column indents for (deeper events line up with it). */
const MAX_INDENT_DEPTH = 8;
/** Indent of the type column per level of nesting, in px. */
const INDENT_PER_DEPTH_PX = 10;

const BADGE_TEXT = { blocked: 'blocked', failed: 'failed', storm: 'storm', pending: '…', ok: '' } as const;

/** Height of a row, in px: every row has it (the virtual list counts on it). */
export const ROW_HEIGHT = 22;

/**
 * One line of the event log. It renders again only when one of its props changes: `version` is
 * the log's, which changes whenever any record does (records are updated in place), so scrolling
 * or selecting renders only the rows that came into view or changed state.
 */
export const EventRow = memo(function EventRow({
  record,
  version: _version,
  instanceName,
  selected,
  active,
  top,
  position,
  setSize,
  onSelect,
}: {
  record: EventRecord;
  /** The events model's `version` the row shows `record` at. */
  version: number;
  instanceName: string;
  selected: boolean;
  /** The row keyboard moves from and the detail shows (it may not be selected while several are). */
  active: boolean;
  /** Where the row sits in the list, in px from its top. */
  top: number;
  /** 1-based place in the (filtered) log, and its length: only a window of rows is rendered, so assistive technology is told. */
  position: number;
  setSize: number;
  onSelect: (key: string, how: SelectHow) => void;
}) {
  const handlerCount = record.dispatched?.delivered ?? record.handlers.length;
  const glance = glanceOf(record);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard navigation lives on the listbox, as ARIA prescribes.
    // biome-ignore lint/a11y/useFocusableInteractive: the listbox keeps focus and points at the active row (aria-activedescendant); a focused virtual row could be unmounted.
    <div
      role="option"
      aria-selected={selected}
      aria-posinset={position}
      aria-setsize={setSize}
      id={`hb-row-${record.ingest}`}
      className={`hb-row hb-status-${record.status}${selected ? ' hb-selected' : ''}${active ? ' hb-active' : ''}${record.afterNavigation ? ' hb-after-navigation' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
      onClick={(e) => onSelect(record.key, { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey })}
      // Shift-click selects rows, not the text between two clicks.
      onMouseDown={(e) => e.shiftKey && e.preventDefault()}
      data-event-type={record.eventType}
    >
      <span className="hb-cell-time">{formatTime(record.timestamp)}</span>
      <span className="hb-cell-type" style={{ textIndent: `${Math.min(record.depth, MAX_INDENT_DEPTH) * INDENT_PER_DEPTH_PX}px` }}>
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
      {/* On every row, empty or not: a row's columns line up with the others' only if all have the same cells. */}
      <span className="hb-cell-glance" title={glance || undefined}>
        {glance}
      </span>
    </div>
  );
});

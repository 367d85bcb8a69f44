import { defaultRangeExtractor, observeElementRect, type Range, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { busNameOf, forgottenNote } from '../model/instances';
import { leftOutOf } from '../model/left-out';
import { EventRow, ROW_HEIGHT, type SelectHow } from './EventRow';
import { countOf } from './format';
import { useEvents, useFilters, useInstances, useLogVersion, useModel, useSelection } from './model-context';
import { useVisibleEvents } from './use-visible-events';

/** Used until the list has a layout (a DevTools panel not shown yet, a test DOM). */
const FALLBACK_RECT = { width: 800, height: 600 };

const observeWithFallback = (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: { width: number; height: number }) => void) =>
  observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT));

/**
 * The rows of the list's end, as many as are in view now: what a list that follows the tail shows
 * once it is scrolled there. Rendered at once, so the scroll that follows brings no other rows (and
 * the rows already rendered are not rendered again).
 */
const tailRange = (range: Range) =>
  defaultRangeExtractor({
    ...range,
    startIndex: Math.max(0, range.count - 1 - (range.endIndex - range.startIndex)),
    endIndex: range.count - 1,
  });

/**
 * The live event log: a virtual list (100,000 rows stay fluid), keyboard navigable. Several events
 * can be selected together (Ctrl/Cmd-click, Shift-click, Shift+arrows, Space) for "Copy as test".
 */
export const EventList = () => {
  const model = useModel();
  const { records, error, loading, total } = useVisibleEvents();
  const selectedKey = useSelection((s) => s.selectedKey);
  const picked = useSelection((s) => s.picked);
  const instances = useInstances((s) => s.instances);
  const forgotten = useInstances((s) => s.forgotten);
  const evicted = useEvents((s) => s.evicted);
  const version = useLogVersion();
  // Any change of the filter: the selected event is brought back into view (see `reveal` below).
  const filterKey = useFilters((f) => JSON.stringify([f.eventType, f.text, f.regex, f.invert, f.instanceKey, f.outcome ?? '']));
  let dropped = 0;
  for (const instance of instances.values()) dropped += instance.dropped;
  const leftOut = leftOutOf(instances.values());
  const scrollRef = useRef<HTMLDivElement>(null);
  const followRef = useRef(true);
  /**
   * Whether the list is laid out and scrolled to its end (by the follow below, or by the user): only
   * then does it render the tail ahead of the scroll that follows a batch. Before that (the first
   * rows, a panel not shown yet, a DOM without layout) it renders the rows at its scroll position.
   */
  const atTailRef = useRef(false);
  const lastScrollTop = useRef(0);
  // The rule of the effect below that scrolls to the tail, once a scroll there has landed.
  const followingTail = followRef.current && atTailRef.current && selectedKey === undefined;
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    observeElementRect: observeWithFallback,
    initialRect: FALLBACK_RECT,
    rangeExtractor: followingTail ? tailRange : defaultRangeExtractor,
  });

  const selectedIndex = selectedKey === undefined ? -1 : records.findIndex((r) => r.key === selectedKey);
  const hiddenByFilter =
    selectedKey !== undefined && selectedIndex === -1 && !error && model.events.getState().byKey(selectedKey) !== undefined;

  // A selection made elsewhere (the causation tree, a saga's "moved by" link, a view opened with an
  // event selected) or a filter changed under a selection scrolls the selected row into view, once
  // it is listed; a row the list selected itself (a click, a key) is in view already.
  const ownSelection = useRef<string | undefined>(undefined);
  const seen = useRef<{ key: string | undefined; filter: string } | undefined>(undefined);
  const reveal = useRef(false);
  // Mounted again (StrictMode's check, or the list's view shown again): what it had seen is gone with its scroll position.
  useEffect(
    () => () => {
      seen.current = undefined;
    },
    [],
  );
  useEffect(() => {
    const before = seen.current;
    seen.current = { key: selectedKey, filter: filterKey };
    const selectedElsewhere = (before === undefined || before.key !== selectedKey) && selectedKey !== ownSelection.current;
    ownSelection.current = undefined;
    if (selectedElsewhere || (before !== undefined && before.filter !== filterKey)) reveal.current = selectedKey !== undefined;
    if (!reveal.current || selectedIndex < 0) return;
    reveal.current = false;
    virtualizer.scrollToIndex(selectedIndex, { align: 'center' });
  }, [selectedKey, filterKey, selectedIndex, virtualizer]);

  // Follow the tail while the user has not scrolled up: once per frame at most, since reading the
  // scroll height forces a layout and batches can arrive many times a frame.
  const followFrame = useRef(0);
  useEffect(() => {
    if (!followRef.current || records.length === 0 || selectedKey !== undefined || followFrame.current) return;
    followFrame.current = requestAnimationFrame(() => {
      followFrame.current = 0;
      const el = scrollRef.current;
      // An event selected since this frame was asked for (Home, a click, the causation tree) stops
      // the follow: it would pull the list back down, away from the row just brought into view.
      if (!el || !followRef.current || model.selection.getState().selectedKey !== undefined) return;
      el.scrollTop = el.scrollHeight;
      atTailRef.current = el.clientHeight > 0;
    });
  }, [records, selectedKey, model]);
  useEffect(() => () => cancelAnimationFrame(followFrame.current), []);

  /** A plain click selects one event; Ctrl/Cmd-click adds or removes one; Shift-click selects from the anchor to it. */
  const choose = (key: string, how: SelectHow) => {
    ownSelection.current = key;
    const selection = model.selection.getState();
    const from = how.range ? records.findIndex((r) => r.key === (selection.anchorKey ?? key)) : -1;
    const to = records.findIndex((r) => r.key === key);
    if (from >= 0 && to >= 0) {
      const range = records.slice(Math.min(from, to), Math.max(from, to) + 1).map((r) => r.key);
      selection.pickRange(from <= to ? range : range.reverse());
    } else if (how.toggle) selection.togglePicked(key);
    else selection.select(key);
  };

  // One function for every row, so a row whose own props did not change is not rendered again.
  const chooseRef = useRef(choose);
  useLayoutEffect(() => {
    chooseRef.current = choose;
  });
  const onSelect = useCallback((key: string, how: SelectHow) => {
    // Focus stays on the list (rows are reached through aria-activedescendant): a clicked row may be unmounted once it scrolls away.
    scrollRef.current?.focus({ preventScroll: true });
    chooseRef.current(key, how);
  }, []);

  const move = (index: number, range: boolean) => {
    const clamped = Math.max(0, Math.min(records.length - 1, index));
    const record = records[clamped];
    if (!record) return;
    choose(record.key, { toggle: false, range });
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight || FALLBACK_RECT.height) / ROW_HEIGHT) - 1);
    const from = selectedIndex === -1 ? records.length : selectedIndex;
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex === -1 ? 0 : from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: records.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      move(target, event.shiftKey);
    } else if (event.key === ' ' && selectedKey !== undefined) {
      // Space adds the active event to the events selected together, or takes it out.
      event.preventDefault();
      const selection = model.selection.getState();
      if (picked.size === 0) selection.pickRange([selectedKey]);
      else selection.togglePicked(selectedKey);
    } else if (event.key === 'Escape') {
      model.selection.getState().select(undefined);
    }
  };

  return (
    <section className="hb-log" aria-label="Event log">
      <div className="hb-log-status" aria-live="polite">
        {error ? (
          <span className="hb-error-text" role="alert">
            {error}
          </span>
        ) : loading ? (
          <span className="hb-muted" data-testid="filter-loading">
            {loading}
          </span>
        ) : (
          <span data-testid="event-count">
            {records.length === total ? countOf(total, 'event') : `${records.length} of ${countOf(total, 'event')}`}
          </span>
        )}
        {dropped > 0 && (
          <span className="hb-muted" title="Raise connectDevtools(bus, { maxBuffer }) to keep more before the panel connects">
            {' '}
            · {countOf(dropped, 'entry', 'entries')} dropped by the page's buffer
          </span>
        )}
        {evicted > 0 && (
          <span className="hb-muted" data-testid="evicted" title="Raise max events to keep more">
            {' '}
            · {evicted} oldest not kept (max events)
          </span>
        )}
        {forgotten.count > 0 && (
          <span
            className="hb-muted"
            data-testid="forgotten-buses"
            title="The least recently active buses are forgotten first; their events stay in the log, later ones are not recorded until the bus says hello again"
          >
            {' '}
            · {forgottenNote(forgotten.count)}
          </span>
        )}
        {hiddenByFilter && (
          <span className="hb-muted" data-testid="selection-hidden">
            {' '}
            · selected event hidden by the filter
          </span>
        )}
        {leftOut.total > 0 && (
          // A disclosure, not only a tooltip: the breakdown is reachable by keyboard and screen readers too.
          <details
            className="hb-muted hb-left-out"
            data-testid="left-out"
            title={`Left out by connectDevtools(bus, { allow, deny, sample, maxPerSecond }):\n${leftOut.lines.join('\n')}`}
          >
            <summary> · {leftOut.total} events not recorded</summary>
            <ul aria-label="Events not recorded, by type">
              {leftOut.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <div className="hb-row hb-row-head" aria-hidden="true">
        <span className="hb-cell-time">time</span>
        <span className="hb-cell-type">type</span>
        <span className="hb-cell-instance">bus</span>
        <span className="hb-cell-handlers">h</span>
        <span className="hb-cell-badges" />
        <span className="hb-cell-glance" />
      </div>
      {total === 0 && <p className="hb-empty">No events yet.</p>}
      {total > 0 && records.length === 0 && !error && <p className="hb-empty">No event matches the filter.</p>}
      <div
        ref={scrollRef}
        className="hb-log-scroll"
        role="listbox"
        aria-label="Events"
        aria-multiselectable="true"
        tabIndex={0}
        aria-activedescendant={selectedIndex >= 0 ? `hb-row-${records[selectedIndex]?.ingest}` : undefined}
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          // Scrolling up (the user) stops following the tail; reaching the bottom again resumes it.
          // Growth of the list alone never stops it.
          const el = e.currentTarget;
          const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 2;
          if (atBottom) {
            followRef.current = true;
            atTailRef.current = el.clientHeight > 0;
          } else if (el.scrollTop < lastScrollTop.current) {
            followRef.current = false;
            atTailRef.current = false;
          }
          lastScrollTop.current = el.scrollTop;
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const record = records[item.index];
            if (!record) return null;
            return (
              <EventRow
                key={record.key}
                record={record}
                version={version}
                instanceName={busNameOf({ instances, forgotten }, record.instanceKey) ?? '?'}
                // While several are selected, the active one (keyboard focus, detail) is aria-activedescendant, selected only if picked.
                selected={picked.size > 0 ? picked.has(record.key) : record.key === selectedKey}
                active={record.key === selectedKey}
                top={item.start}
                position={item.index + 1}
                setSize={records.length}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
};

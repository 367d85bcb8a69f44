import { useMemo, useRef, useState } from 'react';
import { describeImport } from '../model/export-file';
import { type OutcomeFilter, patternOptions } from '../model/filters';
import { sameNameSuffix } from '../model/instances';
import type { PanelView } from '../model/selection';
import { MAX_EVENTS_RANGE, type ThemeSetting } from '../model/settings';
import { download } from './download';
import { formatTime } from './format';
import { useEvents, useFilters, useInstances, useModel, useSelection, useSettings } from './model-context';
import { FIND_KEY, useFocusFilterShortcut } from './use-filter-shortcut';

const VIEWS: readonly [PanelView, string][] = [
  ['log', 'Events'],
  ['subscriptions', 'Subscriptions'],
  ['sagas', 'Sagas'],
  ['stats', 'Stats'],
  ['dispatch', 'Dispatch'],
  ['test', 'Copy as test'],
];

/** The outcome filter's choices, in menu order. */
const OUTCOMES: readonly [OutcomeFilter, string][] = [
  ['', 'all outcomes'],
  ['problems', 'failed, blocked or storm'],
  ['failed', 'failed'],
  ['blocked', 'blocked'],
  ['storm', 'storm'],
  ['pending', 'pending'],
];

/** How much the max-events field's arrows change it. */
const MAX_EVENTS_STEP = 1000;

/**
 * The max-events field. What is typed shows as typed; a higher cap applies at once, a lower one
 * (which drops the oldest events) only on Enter or leaving the field, so the digits of a value
 * half typed ("2" on the way to "20000") never empty the log. A value out of range is put back.
 */
const MaxEventsInput = ({ value, onCommit }: { value: number; onCommit: (maxEvents: number) => void }) => {
  const [draft, setDraft] = useState<string>();
  const parse = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const confirm = () => {
    if (draft === undefined) return;
    const typed = parse(draft);
    if (Number.isFinite(typed) && typed >= MAX_EVENTS_RANGE.min) onCommit(typed);
    setDraft(undefined);
  };
  return (
    <label>
      max events{' '}
      <input
        type="number"
        aria-label="Max events"
        min={MAX_EVENTS_RANGE.min}
        max={MAX_EVENTS_RANGE.max}
        step={MAX_EVENTS_STEP}
        value={draft ?? value}
        onChange={(event) => {
          setDraft(event.target.value);
          const typed = parse(event.target.value);
          if (Number.isFinite(typed) && typed > value) onCommit(typed);
        }}
        onBlur={confirm}
        onKeyDown={(event) => {
          if (event.key === 'Enter') confirm();
          else if (event.key === 'Escape') setDraft(undefined);
        }}
      />
    </label>
  );
};

/** Views, filters, recording controls, export/import and settings. */
export const Toolbar = () => {
  const model = useModel();
  const view = useSelection((s) => s.view);
  const filters = useFilters((s) => s);
  const settings = useSettings((s) => s);
  const instances = useInstances((s) => s.instances);
  const version = useEvents((s) => s.version);
  const [importError, setImportError] = useState<string | undefined>();
  const fileRef = useRef<HTMLInputElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  useFocusFilterShortcut(filterRef);
  const typeCounts = useEvents((s) => s.typeCounts);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the counts are kept in place; `version` is their change signal.
  const types = useMemo(() => [...typeCounts.keys()].sort(), [typeCounts, version]);
  const patterns = useMemo(() => patternOptions(types), [types]);

  return (
    <header className="hb-toolbar">
      <div className="hb-views" role="tablist" aria-label="Views">
        {VIEWS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={view === id} onClick={() => model.selection.getState().setView(id)}>
            {label}
          </button>
        ))}
      </div>
      <div className="hb-filters">
        <input
          ref={filterRef}
          type="search"
          aria-label="Filter events"
          aria-keyshortcuts="/ Control+F Meta+F"
          placeholder={filters.regex ? 'Filter (press /): regular expression' : 'Filter (press /): type, payload, handlers, errors'}
          title={`Filter events: press / or ${FIND_KEY} to come here, Escape to clear`}
          value={filters.text}
          onChange={(e) => filters.set({ text: e.target.value })}
          onKeyDown={(event) => {
            // Cleared here, not only by Chromium's own search field; prevented, so the floating panel does not also close on it.
            if (event.key === 'Escape' && filters.text !== '') {
              event.preventDefault();
              filters.set({ text: '' });
            }
          }}
        />
        <label>
          <input
            type="checkbox"
            checked={filters.regex}
            title="JavaScript syntax, case-insensitive, run in linear time (no lookahead or backreferences) so no pattern can freeze the panel"
            onChange={(e) => filters.set({ regex: e.target.checked })}
          />{' '}
          regex
        </label>
        <label>
          <input type="checkbox" checked={filters.invert} onChange={(e) => filters.set({ invert: e.target.checked })} /> invert
        </label>
        <select aria-label="Event type" value={filters.eventType} onChange={(e) => filters.set({ eventType: e.target.value })}>
          <option value="">all types</option>
          {/* The filter stays on after its type's last event went (a clear, max events): say so rather than show "all types". */}
          {filters.eventType !== '' && !typeCounts.has(filters.eventType) && !patterns.includes(filters.eventType) && (
            <option value={filters.eventType}>{filters.eventType} (none recorded)</option>
          )}
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
          {patterns.length > 0 && (
            <optgroup label="patterns">
              {patterns.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        <select
          aria-label="Outcome"
          value={filters.outcome ?? ''}
          onChange={(event) => filters.set({ outcome: event.target.value as OutcomeFilter })}
        >
          {OUTCOMES.map(([outcome, label]) => (
            <option key={outcome} value={outcome}>
              {label}
            </option>
          ))}
        </select>
        {(instances.size > 1 || filters.instanceKey !== '') && (
          <select aria-label="Bus" value={filters.instanceKey} onChange={(e) => filters.set({ instanceKey: e.target.value })}>
            <option value="">all buses</option>
            {filters.instanceKey !== '' && !instances.has(filters.instanceKey) && (
              <option value={filters.instanceKey}>a bus no longer listed</option>
            )}
            {[...instances.values()].map((i) => (
              <option key={i.key} value={i.key}>
                {i.info.name}
                {sameNameSuffix(i, instances)}
                {i.frame && i.frame.frameId !== 0 ? ` (${i.frame.frameUrl})` : ''}
                {/* Gone buses of several page loads share a name: their page's start time tells them apart. */}
                {i.live ? '' : i.info.pageStartedAt === undefined ? ' (gone)' : ` (gone; page of ${formatTime(i.info.pageStartedAt)})`}
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="hb-actions">
        <button type="button" className="hb-button" aria-pressed={settings.paused} onClick={() => model.setPaused(!settings.paused)}>
          {settings.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="hb-button" onClick={() => model.clear()}>
          Clear
        </button>
        {/* Not where the panel lives in the page (the floating panel): a reload takes it along. */}
        {model.canPreserveLog && (
          <label title="Keep the log when the page reloads or navigates">
            <input
              type="checkbox"
              checked={settings.preserveLog}
              onChange={(e) => model.settings.getState().set({ preserveLog: e.target.checked })}
            />{' '}
            Preserve log
          </label>
        )}
        <button
          type="button"
          className="hb-button"
          onClick={() => download(model.exportJson(), `hubbub-events-${Date.now()}.json`, 'application/json')}
        >
          Export
        </button>
        <button type="button" className="hb-button" onClick={() => fileRef.current?.click()}>
          Import
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          aria-label="Import file"
          hidden
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            try {
              const report = model.importJson(await file.text());
              // Say what was not imported (the only line this toolbar shows is this alert); a clean import needs no note.
              const partial = report.duplicates + report.overCap + report.cut + report.evicted > 0;
              setImportError(partial ? describeImport(report) : undefined);
            } catch (error) {
              setImportError((error as Error).message);
            }
          }}
        />
        <MaxEventsInput value={settings.maxEvents} onCommit={(maxEvents) => settings.set({ maxEvents })} />
        <select aria-label="Theme" value={settings.theme} onChange={(e) => settings.set({ theme: e.target.value as ThemeSetting })}>
          <option value="auto">auto theme</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </div>
      {importError && (
        <p className="hb-error-text" role="alert">
          {importError}
        </p>
      )}
    </header>
  );
};

import { useMemo, useRef, useState } from 'react';
import { EMPTY } from '../../../core/empty';
import type { EventRecord } from '../model/event-record';
import { MAX_TEST_STEPS, type TestFormat, testFileOf } from '../model/test-file';
import { download } from './download';
import { useEvents, useInstances, useModel, useSelection, useSettings } from './model-context';
import { useVisibleEvents } from './use-visible-events';

type Scope = 'shown' | 'selected';

/**
 * "Copy as test": the shown events (filter the log to choose them) or the selected one, written as
 * a Vitest file (replayed into a test bus with the app's setup) or a Playwright file (replayed
 * into the page with `recordBus`), to copy or download.
 */
export const TestView = () => {
  const model = useModel();
  const settings = useSettings((s) => s);
  const selectedKey = useSelection((s) => s.selectedKey);
  const picked = useSelection((s) => s.picked);
  const instances = useInstances((s) => s.instances);
  const version = useEvents((s) => s.version);
  const visible = useVisibleEvents();
  // While the filter cannot apply (an invalid pattern, or the regex engine still loading) the log
  // lists every event: a test of them all is not what the filter asks for, so none is written.
  const filterNotApplied = visible.error ?? visible.loading;
  const shown = filterNotApplied === undefined ? visible.records : EMPTY;
  const [scope, setScope] = useState<Scope>(selectedKey === undefined && picked.size === 0 ? 'shown' : 'selected');
  const [copied, setCopied] = useState<string | undefined>();
  const codeRef = useRef<HTMLTextAreaElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the log is mutated in place; `version` is its change signal.
  const selected: readonly EventRecord[] = useMemo(() => {
    const { records, byKey } = model.events.getState();
    if (picked.size > 0) return records.filter((r) => picked.has(r.key));
    const one = selectedKey === undefined ? undefined : byKey(selectedKey);
    return one ? [one] : [];
  }, [model, picked, selectedKey, version]);
  const { chosen, otherBuses, instance } = useMemo(() => {
    const candidates: readonly EventRecord[] = scope === 'selected' ? selected : shown;
    // One bus per test: the bus of the first chosen event.
    const instanceKey = candidates[0]?.instanceKey;
    const chosen = candidates.filter((r) => r.instanceKey === instanceKey);
    return {
      chosen,
      otherBuses: candidates.length - chosen.length,
      instance: instanceKey === undefined ? undefined : instances.get(instanceKey),
    };
  }, [scope, selected, shown, instances]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the log is mutated in place; `version` is its change signal.
  const code = useMemo(
    () =>
      chosen.length === 0
        ? ''
        : testFileOf({
            format: settings.testFormat,
            events: chosen,
            log: model.events.getState().records,
            busName: instance?.info.name ?? 'bus',
            pageUrl: instance?.info.url,
            setupImport: settings.testSetupImport,
            now: new Date(),
          }),
    [chosen, instance, settings.testFormat, settings.testSetupImport, model, version],
  );

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('Copied.');
    } catch {
      // DevTools panels may not be granted the clipboard: fall back to the selected text.
      codeRef.current?.select();
      setCopied(document.execCommand('copy') ? 'Copied.' : 'Select the text and copy it (the clipboard is not available here).');
    }
  };

  return (
    <section className="hb-scroll-view hb-test" aria-label="Copy as test">
      <p>
        Writes a test that publishes these events again and expects the events their handlers published and the handler failures, as
        recorded. Filter the log, or select events in it (Ctrl/Cmd-click, Shift-click); events caused by a chosen one are what the test
        expects.
      </p>
      <fieldset>
        <legend>Events</legend>
        <label>
          <input type="radio" name="hb-test-scope" checked={scope === 'shown'} onChange={() => setScope('shown')} /> shown in the log (
          {filterNotApplied === undefined ? shown.length : 'filter not applied'})
        </label>
        <label>
          <input
            type="radio"
            name="hb-test-scope"
            checked={scope === 'selected'}
            disabled={selected.length === 0}
            onChange={() => setScope('selected')}
          />{' '}
          {selected.length === 1 ? `the selected event (${selected[0]?.eventType})` : `the ${selected.length} selected events`}
        </label>
      </fieldset>
      <label>
        runner{' '}
        <select
          aria-label="Test runner"
          value={settings.testFormat}
          onChange={(e) => settings.set({ testFormat: e.target.value as TestFormat })}
        >
          <option value="vitest">Vitest (test bus)</option>
          <option value="playwright">Playwright (the page)</option>
        </select>
      </label>
      {settings.testFormat === 'vitest' && (
        <label>
          setup import (a module exporting <code>setup(bus)</code> and <code>registry</code>){' '}
          <input
            aria-label="Setup import"
            value={settings.testSetupImport}
            onChange={(e) => settings.set({ testSetupImport: e.target.value })}
          />
        </label>
      )}
      {otherBuses > 0 && (
        <p className="hb-banner hb-banner-warning">
          {otherBuses} events of other buses (or of the page before a reload) are left out: one bus per test.
        </p>
      )}
      {chosen.length > MAX_TEST_STEPS && (
        <p className="hb-banner hb-banner-warning">At most {MAX_TEST_STEPS} steps go in one file: filter the log to choose which.</p>
      )}
      {scope === 'shown' && filterNotApplied !== undefined ? (
        <p className="hb-banner hb-banner-warning" data-testid="test-filter-not-applied">
          {visible.loading === undefined
            ? `The log's filter cannot be applied (${visible.error}), so it lists every event and no test is written from it: fix the filter, or select the events to test.`
            : `${visible.loading} The test is written once the filter applies.`}
        </p>
      ) : chosen.length === 0 ? (
        <p>No events to copy: record some, or clear the log's filters.</p>
      ) : (
        <>
          <div className="hb-actions">
            <button type="button" className="hb-button" onClick={() => void copy()}>
              Copy
            </button>
            <button
              type="button"
              className="hb-button"
              onClick={() => download(code, settings.testFormat === 'vitest' ? 'recorded.test.ts' : 'recorded.spec.ts', 'text/plain')}
            >
              Download
            </button>
            {copied && <span role="status">{copied}</span>}
          </div>
          <textarea ref={codeRef} aria-label="Generated test" readOnly rows={24} value={code} spellCheck={false} />
        </>
      )}
    </section>
  );
};

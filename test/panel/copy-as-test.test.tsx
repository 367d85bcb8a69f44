// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { literalOf } from '../../src/devtools/panel/model/source-literal';
import { MAX_TEST_STEPS } from '../../src/devtools/panel/model/test-file';
import { renderPanel } from './render-panel';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const order = { $hubbub: 'instance', className: 'OrderPlaced', fields: { orderId: 'o-1', total: 120 } };

/** A session: sign in, an order whose payment reply follows and whose analytics fails, a blocked order. */
const record = (page: ReturnType<typeof renderPanel>['page']) => {
  page.batch([
    ...page.event('session/signedIn', { userId: 'ada' }, { id: 's1' }),
    ...page.event('OrderPlaced', order, {
      id: 'o1',
      version: 2,
      handlers: [{ label: 'analytics', error: { name: 'Error', message: "over the 'limit'" } }],
    }),
    ...page.event(
      'PaymentProcessed',
      { $hubbub: 'instance', className: 'PaymentProcessed', fields: { orderId: 'o-1', paidAt: 1_700_000_000_100 } },
      { id: 'p1', causationId: 'o1', correlationId: 'o1', depth: 1, version: 1 },
    ),
    ...page.event(
      'OrderPlaced',
      { ...order, fields: { orderId: 'o-2', total: 5 } },
      { id: 'o2', version: 2, middleware: [{ name: 'auth', decision: 'blocked' }] },
    ),
  ]);
};

const generated = () => (screen.getByRole('textbox', { name: 'Generated test' }) as HTMLTextAreaElement).value;

describe('Copy as test', () => {
  it('writes the shown events as steps (with their recorded version) and what they caused as expectations', () => {
    const { page } = renderPanel();
    record(page);
    fireEvent.click(screen.getByRole('tab', { name: 'Copy as test' }));
    const code = generated();
    expect(code).toContain("import { createTestBus, type RecordedStep, replayRecording } from 'hubbub/testing';");
    expect(code).toContain("import { registry, setup } from './hubbub-setup.js';");
    // Steps: the events the user caused; the payment reply is what the test expects, not a step.
    const recording = code.slice(code.indexOf('const recording'), code.indexOf('afterEach(() =>'));
    expect(recording.match(/\{ type: '/g)).toHaveLength(3);
    expect(recording).toContain("{ type: 'OrderPlaced', version: 2, payload: { $hubbub: 'instance', className: 'OrderPlaced'");
    expect(recording).not.toContain('PaymentProcessed');
    const expected = code.slice(code.indexOf('expect(steps)'));
    expect(expected).toContain("{ type: 'PaymentProcessed', payload: { orderId: 'o-1', paidAt: expect.any(Number) } }");
    expect(expected).toContain("{ eventType: 'OrderPlaced', label: 'analytics', message: 'over the \\'limit\\'' }");
    expect(expected).toContain("blockedBy: 'auth',");
    expect(code).toContain('vi.useFakeTimers({ now: 1700000000001 });');
  });

  it('follows the log filter and the selected event; the Playwright runner replays into the page; the setup line persists', () => {
    const { page } = renderPanel({ storage: localStorage });
    record(page);
    fireEvent.change(screen.getByRole('combobox', { name: 'Event type' }), { target: { value: 'OrderPlaced' } });
    fireEvent.click(screen.getByRole('tab', { name: 'Copy as test' }));
    const steps = () => generated().slice(generated().indexOf('const recording'), generated().indexOf('test('));
    expect(steps().match(/\{ type: '/g)).toHaveLength(2);
    expect(steps()).not.toContain('session/signedIn');

    fireEvent.change(screen.getByRole('textbox', { name: 'Setup import' }), {
      target: { value: "import { registry, setup } from '../src/test-setup';" },
    });
    expect(generated()).toContain("import { registry, setup } from '../src/test-setup';");
    expect(JSON.parse(localStorage.getItem('hubbub:panel-settings') ?? '{}').testSetupImport).toBe(
      "import { registry, setup } from '../src/test-setup';",
    );

    fireEvent.change(screen.getByRole('combobox', { name: 'Test runner' }), { target: { value: 'playwright' } });
    expect(generated()).toContain("const recorder = await recordBus(page, { bus: 'shop' });");
    expect(generated()).toContain('const steps = await recorder.replay(recording, { quietMs: 500 });');
    expect(screen.queryByRole('textbox', { name: 'Setup import' })).toBeNull();

    fireEvent.click(screen.getByRole('tab', { name: 'Events' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Event type' }), { target: { value: '' } });
    const list = screen.getByRole('listbox', { name: 'Events' });
    fireEvent.click(within(list).getAllByRole('option')[0] as HTMLElement);
    fireEvent.click(screen.getByRole('tab', { name: 'Copy as test' }));
    fireEvent.click(screen.getByRole('radio', { name: /the selected event/ }));
    expect(steps().match(/\{ type: '/g)).toHaveLength(1);
    expect(steps()).toContain('session/signedIn');
  });

  it('says so when there is nothing to copy', () => {
    renderPanel();
    fireEvent.click(screen.getByRole('tab', { name: 'Copy as test' }));
    expect(screen.getByRole('region', { name: 'Copy as test' }).textContent).toContain('No events to copy');
    expect(screen.queryByRole('textbox', { name: 'Generated test' })).toBeNull();
  });
});

describe('literalOf', () => {
  const expected = { kind: 'expected', recordedAt: Date.parse('2026-11-30T10:00:00Z') } as const;

  it('writes what the recording kept as values, and what it lost or what a replay cannot repeat as matchers', () => {
    expect(
      literalOf(
        {
          at: { $hubbub: 'date', iso: '2026-11-30T10:00:01.000Z' },
          birthday: { $hubbub: 'date', iso: '1990-05-01T00:00:00.000Z' },
          seenAt: Date.parse('2026-11-30T09:59:00Z'),
          count: 3,
          big: { $hubbub: 'bigint', value: '12' },
          nan: { $hubbub: 'number', value: 'NaN' },
          tags: { $hubbub: 'map', size: 1, entries: [['a', 1]] },
          many: { $hubbub: 'set', size: 500, values: [1, 2] },
          password: { $hubbub: 'redacted' },
          note: { $hubbub: 'truncated', reason: 'string', preview: 'abc' },
          'odd key': "it's",
        },
        expected,
      ),
    ).toBe(
      [
        '{',
        '  at: expect.any(Date),',
        "  birthday: new Date('1990-05-01T00:00:00.000Z'),",
        '  seenAt: expect.any(Number),',
        '  count: 3,',
        '  big: 12n,',
        '  nan: Number.NaN,',
        "  tags: new Map([['a', 1]]),",
        '  many: expect.any(Set),',
        '  password: expect.anything(),',
        '  note: expect.anything(),',
        `  'odd key': 'it\\'s',`,
        '}',
      ].join('\n'),
    );
  });

  it('keeps markers as data for the steps to replay', () => {
    expect(literalOf({ at: { $hubbub: 'date', iso: '2026-11-30T10:00:01.000Z' } }, { kind: 'data' })).toBe(
      "{ at: { $hubbub: 'date', iso: '2026-11-30T10:00:01.000Z' } }",
    );
  });
});

describe('a long recording', () => {
  it('writes at most MAX_TEST_STEPS steps, and says so in the file and the view', () => {
    const { page } = renderPanel();
    const entries = Array.from({ length: MAX_TEST_STEPS + 20 }, (_, i) => page.event('tick', i)).flat();
    page.batch(entries);
    fireEvent.click(screen.getByRole('tab', { name: 'Copy as test' }));
    const code = generated();
    expect(code).toContain(`// Only the first ${MAX_TEST_STEPS} of ${MAX_TEST_STEPS + 20} steps: filter the log to choose others.`);
    expect(code.slice(code.indexOf('const recording'), code.indexOf('afterEach(() =>')).match(/\{ type: 'tick'/g)).toHaveLength(
      MAX_TEST_STEPS,
    );
    expect(screen.getByRole('region', { name: 'Copy as test' }).textContent).toContain(`At most ${MAX_TEST_STEPS} steps`);
  });
});

describe('selecting several events in the log', () => {
  const rows = () => within(screen.getByRole('listbox', { name: 'Events' })).getAllByRole('option');
  const selectedTypes = () =>
    rows()
      .filter((r) => r.getAttribute('aria-selected') === 'true')
      .map((r) => r.getAttribute('data-event-type'));
  const stepTypes = () => {
    const code = generated();
    return [...code.slice(code.indexOf('const recording'), code.indexOf('afterEach(() =>')).matchAll(/\{ type: '([^']+)'/g)].map(
      (m) => m[1],
    );
  };

  it('Ctrl/Cmd-click adds and removes events, Shift-click selects a range, a plain click selects one again; Copy as test takes them', () => {
    const { page } = renderPanel();
    page.batch(['a', 'b', 'c', 'd', 'e'].flatMap((type) => page.event(type, {})));
    expect(screen.getByRole('listbox', { name: 'Events' }).getAttribute('aria-multiselectable')).toBe('true');
    fireEvent.click(rows()[0] as HTMLElement);
    fireEvent.click(rows()[2] as HTMLElement, { ctrlKey: true });
    fireEvent.click(rows()[4] as HTMLElement, { metaKey: true });
    expect(selectedTypes()).toEqual(['a', 'c', 'e']);
    fireEvent.click(rows()[2] as HTMLElement, { ctrlKey: true });
    expect(selectedTypes()).toEqual(['a', 'e']);

    fireEvent.click(screen.getByRole('tab', { name: 'Copy as test' }));
    expect(screen.getByRole('radio', { name: 'the 2 selected events' })).toHaveProperty('checked', true);
    expect(stepTypes()).toEqual(['a', 'e']);

    fireEvent.click(screen.getByRole('tab', { name: 'Events' }));
    fireEvent.click(rows()[1] as HTMLElement);
    fireEvent.click(rows()[3] as HTMLElement, { shiftKey: true });
    expect(selectedTypes()).toEqual(['b', 'c', 'd']);
    // The range starts at the anchor (b), whichever way it goes.
    fireEvent.click(rows()[0] as HTMLElement, { shiftKey: true });
    expect(selectedTypes()).toEqual(['a', 'b']);
    fireEvent.click(rows()[3] as HTMLElement);
    expect(selectedTypes()).toEqual(['d']);
  });

  it('from the keyboard: Shift+arrows extend the selection, Space adds or removes the active event, Escape lets go', () => {
    const { page } = renderPanel();
    page.batch(['a', 'b', 'c', 'd'].flatMap((type) => page.event(type, {})));
    const list = screen.getByRole('listbox', { name: 'Events' });
    fireEvent.keyDown(list, { key: 'Home' });
    fireEvent.keyDown(list, { key: 'ArrowDown', shiftKey: true });
    fireEvent.keyDown(list, { key: 'ArrowDown', shiftKey: true });
    expect(selectedTypes()).toEqual(['a', 'b', 'c']);
    fireEvent.keyDown(list, { key: ' ' });
    expect(selectedTypes()).toEqual(['a', 'b']);
    fireEvent.keyDown(list, { key: 'End' });
    expect(selectedTypes()).toEqual(['d']);
    fireEvent.keyDown(list, { key: ' ' });
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(selectedTypes()).toEqual(['c']);
    fireEvent.keyDown(list, { key: 'Escape' });
    expect(selectedTypes()).toEqual([]);
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/devtools/panel/model/export-file';
import { DEFAULT_LIMITS } from '../../src/devtools/serialize';
import { renderPanel } from './render-panel';

afterEach(cleanup);

type Json = Record<string, unknown> & { events: Record<string, unknown>[]; instances: Record<string, unknown>[] };

/** A real export: a root event with a handler, a failing child, and the bus that sent them. */
const realExport = (): Json => {
  const first = renderPanel();
  first.page.batch([
    ...first.page.event('order:placed', { id: 'o-1' }, { id: 'root', handlers: [{ label: 'saga' }] }),
    ...first.page.event('payment:charge', { amount: 3 }, { id: 'child', causationId: 'root', handlers: [{ label: 'gw' }] }),
  ]);
  const json = JSON.parse(first.model.exportJson()) as Json;
  cleanup();
  return json;
};

const rowCount = () => within(screen.getByRole('listbox', { name: 'Events' })).queryAllByRole('option').length;

const importFile = (text: string) =>
  fireEvent.change(screen.getByLabelText('Import file'), {
    target: { files: [new File([text], 'events.json', { type: 'application/json' })] },
  });

describe('a hostile import', () => {
  const cases: [string, (file: Json) => void, RegExp][] = [
    ['unknown payload marker', (f) => (f.events[0]!.payload = { $hubbub: 'nope' }), /events\[0\]\.payload\.\$hubbub must be one of/],
    ['error marker without error', (f) => (f.events[0]!.payload = { $hubbub: 'error' }), /events\[0\]\.payload\.error must be an error/],
    [
      'map marker without entries',
      (f) => (f.events[0]!.payload = { $hubbub: 'map', size: 1 }),
      /events\[0\]\.payload\.entries must be a list/,
    ],
    [
      'number marker holding an object',
      (f) => (f.events[0]!.payload = { $hubbub: 'number', value: { a: 1 } }),
      /payload\.value must be "NaN"/,
    ],
    [
      'instance marker without fields',
      (f) => (f.events[0]!.payload = { $hubbub: 'instance', className: 'X', fields: null }),
      /payload\.fields must be an object/,
    ],
    [
      'nested bad marker',
      (f) => (f.events[0]!.payload = { a: [{ $hubbub: 'set', size: 1, values: [{ $hubbub: 'zz' }] }] }),
      /events\[0\]\.payload\.a\[0\]\.values\[0\]\.\$hubbub/,
    ],
    ['via {}', (f) => (f.events[0]!.via = {}), /Event #0 .*events\[0\]\.via must be/],
    ['handlers [null]', (f) => (f.events[1]!.handlers = [null]), /events\[1\]\.handlers\[0\] must be an object/],
    [
      'handler without duration',
      (f) => delete (f.events[1]!.handlers as Record<string, unknown>[])[0]!.duration,
      /events\[1\]\.handlers\[0\]\.duration must be a number/,
    ],
    ['status "zzz"', (f) => (f.events[0]!.status = 'zzz'), /events\[0\]\.status must be one of pending/],
    ['dispatched "yes"', (f) => (f.events[0]!.dispatched = 'yes'), /events\[0\]\.dispatched must be an object/],
    [
      'storm chain not a list',
      (f) => (f.events[0]!.storm = { type: 'storm', seq: 1, eventId: 'root', eventType: 'x', depth: 9, message: 'm', chain: 'no' }),
      /events\[0\]\.storm\.chain must be a list of strings/,
    ],
    ['key not instanceKey#id', (f) => (f.events[0]!.key = 'other'), /events\[0\]\.key must be ".*#…" followed by the event's id/],
    [
      'an over-long event type',
      (f) => (f.events[0]!.eventType = 'x'.repeat(DEFAULT_LIMITS.maxString + 1)),
      /events\[0\]\.eventType must be at most/,
    ],
    ['instance without info', (f) => delete f.instances[0]!.info, /Instance #0 .*instances\[0\]\.info must be an object/],
    ['subscriptions "y"', (f) => (f.instances[0]!.subscriptions = 'y'), /instances\[0\]\.subscriptions must be a list/],
    ['sagas [null]', (f) => (f.instances[0]!.sagas = [null]), /instances\[0\]\.sagas\[0\] must be an object/],
    ['instance without key', (f) => delete f.instances[0]!.key, /instances\[0\]\.key must be a string/],
  ];

  it.each(cases)('is refused, naming the bad field and its path: %s', (_name, spoil, message) => {
    const file = realExport();
    spoil(file);
    const { model, page } = renderPanel();
    page.batch(page.event('cart:add', {}));
    expect(() => model.importJson(JSON.stringify(file))).toThrow(ImportError);
    expect(() => model.importJson(JSON.stringify(file))).toThrow(message);
    // Nothing of the file was added, and the panel still shows its log.
    expect(model.events.getState().records.map((r) => r.eventType)).toEqual(['cart:add']);
    expect(model.instances.getState().instances.size).toBe(1);
    expect(rowCount()).toBe(1);
  });

  it('still reads a real export whole', () => {
    const file = realExport();
    const { model } = renderPanel({ hello: false });
    model.importJson(JSON.stringify(file));
    expect(model.events.getState().records.map((r) => r.eventType)).toEqual(['order:placed', 'payment:charge']);
    expect(JSON.parse(model.exportJson()).events).toEqual(file.events);
  });

  it("cuts a payload string past the live stream's maxString, as the page would have", () => {
    const file = realExport();
    file.events[0]!.payload = { text: 'x'.repeat(DEFAULT_LIMITS.maxString * 20) };
    const { model } = renderPanel({ hello: false });
    model.importJson(JSON.stringify(file));
    const payload = model.events.getState().records[0]?.payload as {
      text: { $hubbub: string; reason: string; omitted: number; preview: string };
    };
    expect(payload.text).toMatchObject({ $hubbub: 'truncated', reason: 'string', omitted: DEFAULT_LIMITS.maxString * 19 });
    expect(payload.text.preview).toHaveLength(DEFAULT_LIMITS.maxString);
    expect(model.exportJson().length).toBeLessThan(DEFAULT_LIMITS.maxString * 3);
  });

  it('cuts nesting deeper than the live stream sends, so export and Copy as test still work', () => {
    const file = realExport();
    const depth = 100_000;
    const text = JSON.stringify(file).replace('{"id":"o-1"}', `${'['.repeat(depth)}${']'.repeat(depth)}`);
    const { model } = renderPanel({ hello: false });
    model.importJson(text);
    expect(() => model.exportJson()).not.toThrow();
    expect(model.exportJson()).toContain('"reason":"depth"');
    model.selection.getState().select(model.events.getState().records[0]?.key);
    fireEvent.click(screen.getByRole('tab', { name: 'Copy as test' }));
    expect(document.body.textContent).toContain('order:placed');
  });

  it('imports only the newest max-events events of a bigger file, and says how many it left out', async () => {
    const file = realExport();
    const template = file.events[0]!;
    const instanceKey = template.instanceKey as string;
    file.events = Array.from({ length: 150 }, (_, i) => ({ ...template, id: `e${i}`, key: `${instanceKey}#e${i}`, eventType: `t${i}` }));
    const { model } = renderPanel({ hello: false });
    model.settings.getState().set({ maxEvents: 100 });
    importFile(JSON.stringify(file));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/Imported 100 of 150 events: 50 older events left out/));
    const records = model.events.getState().records;
    expect(records).toHaveLength(100);
    expect(records[0]?.eventType).toBe('t50');
    expect(model.events.getState().evicted).toBe(0);
  });

  it('says what a re-import added: nothing, the events being in the log already', async () => {
    const text = JSON.stringify(realExport());
    const { model } = renderPanel({ hello: false });
    importFile(text);
    await waitFor(() => expect(rowCount()).toBe(2));
    expect(screen.queryByRole('alert')).toBeNull();
    importFile(text);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Imported 0 of 2 events: 2 events already in the log.'));
    expect(model.events.getState().records).toHaveLength(2);
  });
});

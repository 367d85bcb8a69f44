// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/devtools/panel/model/export-file';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const rowTypes = () =>
  within(screen.getByRole('listbox', { name: 'Events' }))
    .queryAllByRole('option')
    .map((r) => r.getAttribute('data-event-type'));

describe('export and import', () => {
  it('round-trips the log through a JSON file: events, pipeline and causation come back', async () => {
    const first = renderPanel();
    first.page.batch([
      ...first.page.event('order:placed', { id: 'o-1' }, { id: 'root', handlers: [{ label: 'saga' }] }),
      ...first.page.event(
        'payment:charge',
        { amount: 3 },
        { id: 'child', causationId: 'root', handlers: [{ label: 'gw', error: { name: 'Error', message: 'declined' } }] },
      ),
    ]);
    const json = first.model.exportJson();
    cleanup();

    const second = renderPanel({ hello: false });
    const input = screen.getByLabelText('Import file') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([json], 'events.json', { type: 'application/json' })] } });
    await waitFor(() => expect(rowTypes()).toEqual(['order:placed', 'payment:charge']));
    const imported = second.model.events.getState().records;
    expect(imported[1]?.status).toBe('failed');
    expect(imported[1]?.handlers[0]?.error?.message).toBe('declined');
    expect(second.model.events.getState().childrenOf(imported[0]?.key ?? '')).toEqual([imported[1]?.key]);
    expect([...second.model.instances.getState().instances.values()].map((i) => i.info.name)).toEqual(['shop']);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter events' }), { target: { value: 'amount' } });
    expect(rowTypes()).toEqual(['payment:charge']);
  });

  it('refuses a file that is not an export, saying what is wrong, and keeps the log', async () => {
    const { page, model } = renderPanel();
    page.batch(page.event('cart:add', {}));
    expect(() => model.importJson('{"hello":1}')).toThrow(ImportError);
    expect(() => model.importJson('not json')).toThrow(/not JSON/);
    expect(() => model.importJson('{"format":"hubbub-panel-export","version":2,"events":[]}')).toThrow(/version 2.*reads version 1/);
    expect(() => model.importJson('{"format":"hubbub-panel-export","version":1,"events":[{"key":1}]}')).toThrow(/Event #0 .*"key"/);

    fireEvent.change(screen.getByLabelText('Import file'), { target: { files: [new File(['[1,2]'], 'x.json')] } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/not a Hubbub panel export.*Choose a file exported/));
    expect(rowTypes()).toEqual(['cart:add']);
  });
});

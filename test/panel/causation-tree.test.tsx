// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventDetail, renderPanel } from './render-panel';

afterEach(cleanup);

const openCausation = (eventType: string) => openEventDetail(eventType, 'Causation');

describe('the causation tree', () => {
  it('says how many events it leaves out of a huge tree (10,000 children) instead of passing the cut off as the whole', () => {
    const { page } = renderPanel({ settings: { maxEvents: 20_000 } });
    page.batch(page.event('order:placed', {}, { id: 'root' }));
    page.batch(
      Array.from({ length: 10_000 }, () => page.event('line:priced', {}, { causationId: 'root', correlationId: 'root', depth: 1 })).flat(),
    );
    const detail = openCausation('order:placed');
    const tree = within(detail).getByRole('list', { name: 'Causation tree' });
    const shown = within(tree).getAllByRole('button').length;
    expect(shown).toBeLessThan(1_000);
    expect(detail.textContent).toContain(`${10_001 - shown} more events not shown`);
  });

  it('says the root was caused by an event that is not in the log (dropped, left out or cleared)', () => {
    const { page } = renderPanel();
    page.batch(page.event('stock:low', {}, { causationId: 'gone-1', correlationId: 'c-1', depth: 2 }));
    const detail = openCausation('stock:low');
    expect(detail.textContent).toMatch(/caused by gone-1, which is not in the log/);
  });

  it("the detail's 'caused by' id opens the cause while the log holds it, and is plain text once it does not", () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('order:placed', {}, { id: 'p1' }),
      ...page.event('stock:reserved', {}, { id: 'c1', causationId: 'p1', correlationId: 'p1', depth: 1 }),
      ...page.event('stock:low', {}, { id: 'c2', causationId: 'gone-1', correlationId: 'gone-1', depth: 1 }),
    ]);
    const detail = openEventDetail('stock:reserved');
    fireEvent.click(within(detail).getByRole('button', { name: 'p1' }));
    expect(within(screen.getByRole('complementary', { name: 'Event detail' })).getByRole('heading').textContent).toBe('order:placed');
    const orphan = openEventDetail('stock:low');
    expect(within(orphan).queryByRole('button', { name: 'gone-1' })).toBeNull();
    expect(orphan.textContent).toContain('gone-1');
  });

  it('draws a loop of causes once and says nothing is missing', () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('ping', {}, { id: 'a', causationId: 'b' }),
      ...page.event('pong', {}, { id: 'b', causationId: 'a' }),
      ...page.event('self', {}, { id: 's', causationId: 's' }),
    ]);
    let tree = within(openCausation('ping')).getByRole('list', { name: 'Causation tree' });
    expect(
      within(tree)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['pong', 'ping']);
    expect(screen.getByRole('complementary', { name: 'Event detail' }).textContent).not.toContain('not in the log');
    tree = within(openCausation('self')).getByRole('list', { name: 'Causation tree' });
    expect(
      within(tree)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['self']);
  });
});

describe('the causation index over a long session', () => {
  it('forgets evicted events, also under a cause that was never recorded, so it does not grow without bound', async () => {
    const { page, model } = renderPanel({ settings: { maxEvents: 100 } });
    for (let round = 0; round < 10; round++) {
      page.batch(
        Array.from({ length: 100 }, () => page.event('tick', {}, { causationId: 'never-recorded', correlationId: 'c', depth: 1 })).flat(),
      );
    }
    const orphans = model.events.getState().childrenOf(`${[...model.instances.getState().instances.keys()][0]}#never-recorded`);
    expect(orphans).toHaveLength(100);
    expect(orphans.every((key) => model.events.getState().byKey(key) !== undefined)).toBe(true);
  });
});

import { recordBus } from '../../../src/testing/playwright/index';
import { expect, test } from './support/server';

test.describe('recordBus (the Playwright helper) on a real page', () => {
  test('records events, middleware decisions and handler errors when started before navigation', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/stream.html');

    await page.click('#add-tea');
    const added = await recorder.waitFor('cart/added', { where: (e) => e.payload.sku === 'tea' });
    expect(added).toMatchObject({
      type: 'cart/added',
      payload: { sku: 'tea', qty: 2 },
      via: 'emit',
      replayed: false,
      busName: 'shop',
      depth: 0,
    });
    const total = await recorder.waitFor('cart/total');
    expect(total).toMatchObject({ payload: { total: 2 }, causationId: added.id, correlationId: added.id, depth: 1 });
    expect(recorder.middleware.filter((m) => m.eventId === added.id)).toEqual([
      expect.objectContaining({ name: 'auth', decision: 'passed', eventType: 'cart/added' }),
    ]);

    await page.click('#reset');
    const blocked = await recorder.waitForMiddleware({ where: (m) => m.decision === 'blocked' });
    expect(blocked).toMatchObject({ name: 'auth', eventType: 'admin/reset' });

    await page.click('#add-broken');
    const failure = await recorder.waitForError();
    expect(failure).toMatchObject({ label: 'checkStock', eventType: 'cart/added', name: 'Error', message: 'out of stock: broken' });
    expect(failure.error.stack).toContain('out of stock: broken');
    expect(recorder.errors).toHaveLength(1);
    expect(recorder.instances.map((i) => i.name)).toEqual(['shop']);
  });

  test('sees events published before it connected (the page buffered them)', async ({ page }) => {
    await page.goto('/stream.html?early');
    await page.click('#add-tea');
    const recorder = await recordBus(page);
    const started = await recorder.waitFor('app/started');
    expect(started.payload).toEqual({ at: { $hubbub: 'date', iso: '1970-01-01T00:00:00.000Z' } });
    await recorder.waitFor('cart/added', { where: (e) => e.payload.sku === 'tea' });
    expect(recorder.events.map((e) => [e.type, e.payload.sku])).toEqual([
      ['app/started', undefined],
      ['cart/added', 'early-bird'],
      ['cart/total', undefined],
      ['cart/added', 'tea'],
      ['cart/total', undefined],
    ]);
  });

  test('keeps recording across reloads, as a new session', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/stream.html?early');
    await recorder.waitFor('app/started');
    await page.reload();
    await expect.poll(() => recorder.events.filter((e) => e.type === 'app/started').length).toBe(2);
    const [first, second] = recorder.events.filter((e) => e.type === 'app/started');
    expect(first?.sessionId).not.toBe(second?.sessionId);
  });

  test('dispatch is refused unless the page allowed it', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/stream.html');
    await expect.poll(() => recorder.instances.length).toBe(1);
    const result = await recorder.dispatch('cart/added', { sku: 'panel', qty: 1 });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('allowDispatch: true') });
    expect(recorder.events).toEqual([]);
  });

  test('dispatch with allowDispatch publishes on the page, marked replayed; class events go through the registry', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/stream.html?allowDispatch');
    await expect.poll(() => recorder.instances.length).toBe(1);
    const result = await recorder.dispatch('cart/added', { sku: 'panel', qty: 5 });
    expect(result.ok).toBe(true);
    const event = await recorder.waitFor('cart/added', { where: (e) => e.payload.sku === 'panel' });
    expect(event).toMatchObject({ replayed: true, id: result.ok ? result.eventId : '' });
    expect((await recorder.waitFor('cart/total')).replayed).toBe(false);

    const order = await recorder.dispatch('order/placed', { orderId: 'o1', total: 12 }, { mode: 'replay' });
    expect(order.ok).toBe(true);
    const placed = await recorder.waitFor('order/placed');
    expect(placed.payload).toEqual({ $hubbub: 'instance', className: 'OrderPlaced', fields: { orderId: 'o1', total: 12 } });
    expect(recorder.entries).toContainEqual(
      expect.objectContaining({ type: 'handler', label: 'fulfil', eventId: placed.id, outcome: 'ok' }),
    );
  });

  test('tells several buses apart, and can record only one', async ({ page }) => {
    const all = await recordBus(page);
    const analyticsOnly = await recordBus(page, { bus: 'analytics' });
    await page.goto('/stream.html?analytics&early');
    await all.waitFor('page/viewed');
    await all.waitFor('app/started');
    await analyticsOnly.waitFor('page/viewed');
    expect(new Set(all.instances.map((i) => i.name))).toEqual(new Set(['shop', 'analytics']));
    expect(new Set(analyticsOnly.events.map((e) => e.busName))).toEqual(new Set(['analytics']));
  });

  test('a recorder that connects later still sees earlier events; the one already connected records nothing twice', async ({ page }) => {
    const first = await recordBus(page);
    await page.goto('/stream.html?early');
    await page.click('#add-tea');
    await first.waitFor('cart/added', { where: (e) => e.payload.sku === 'tea' });
    const expected = [
      ['app/started', undefined],
      ['cart/added', 'early-bird'],
      ['cart/total', undefined],
      ['cart/added', 'tea'],
      ['cart/total', undefined],
    ];
    expect(first.events.map((e) => [e.type, e.payload.sku])).toEqual(expected);

    // Opened after everything above was streamed to `first` (as a second panel would be).
    const second = await recordBus(page);
    await second.waitFor('cart/added', { where: (e) => e.payload.sku === 'tea' });
    await expect.poll(() => second.events.length).toBe(5);
    expect(second.events.map((e) => [e.type, e.payload.sku])).toEqual(expected);

    await page.click('#add-broken');
    await first.waitForError();
    await second.waitForError();
    for (const recorder of [first, second]) {
      const seqs = recorder.entries.map((e) => `${e.sessionId}:${e.seq}`);
      expect(new Set(seqs).size).toBe(seqs.length);
      await expect.poll(() => recorder.events.length).toBe(7);
      expect(recorder.events.map((e) => [e.type, e.payload.sku])).toEqual([
        ...expected,
        ['cart/added', 'broken'],
        ['cart/total', undefined],
      ]);
      expect(recorder.errors).toHaveLength(1);
      expect(recorder.middleware.filter((m) => m.eventType === 'cart/added')).toHaveLength(3);
    }
  });

  test('a wait that times out says what was recorded instead', async ({ page }) => {
    const recorder = await recordBus(page, { timeout: 300 });
    await page.goto('/stream.html?early');
    await recorder.waitFor('app/started');
    await expect(recorder.waitFor('order/shipped')).rejects.toThrow(
      /no "order\/shipped" event within 300 ms\. Recorded: app\/started, cart\/added, cart\/total/,
    );
  });

  test('clear() forgets what was recorded; recording goes on', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/stream.html?early');
    await recorder.waitFor('app/started');
    recorder.clear();
    expect(recorder.events).toEqual([]);
    await page.click('#add-tea');
    await recorder.waitFor('cart/added');
    expect(recorder.events.map((e) => e.type)).toEqual(['cart/added', 'cart/total']);
  });
});

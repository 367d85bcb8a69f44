import { recordBus } from '../../../src/testing/playwright/index';
import { OrderPlaced } from './fixtures/recorder-events';
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

  test('replay publishes each step and reports its follow-ups, its failures and who blocked it', async ({ page }) => {
    await page.goto('/stream.html?allowDispatch&analytics');
    // Two buses on the page: the recorder's own bus must stay its target even when an option is passed as undefined.
    const recorder = await recordBus(page, { bus: 'shop' });
    await expect.poll(() => recorder.instances.map((instance) => instance.name)).toContain('shop');
    const steps = await recorder.replay(
      [
        { type: 'cart/added', payload: { sku: 'tea', qty: 3 } },
        { type: 'cart/added', payload: { sku: 'broken', qty: 1 } },
        { type: 'admin/reset', payload: { by: 'ann' } },
      ],
      { bus: undefined, timeout: undefined, quietMs: 100 },
    );
    expect(steps).toEqual([
      { type: 'cart/added', followUps: [{ type: 'cart/total', payload: { total: 3 } }], failures: [] },
      {
        type: 'cart/added',
        followUps: [{ type: 'cart/total', payload: { total: 4 } }],
        failures: [{ eventType: 'cart/added', label: 'checkStock', message: 'out of stock: broken' }],
      },
      { type: 'admin/reset', blockedBy: 'auth', followUps: [], failures: [] },
    ]);
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

test.describe('recordBus as an app test would use it (recorder-app.html)', () => {
  test('a where() that throws rejects its own wait with that error; other waits go on', async ({ page }) => {
    const recorder = await recordBus(page, { timeout: 2000 });
    await page.goto('/recorder-app.html');
    const broken = expect(recorder.waitFor('cart/added', { where: (e) => e.payload.missing.length > 0 })).rejects.toThrow(
      /where\(\) of recorder\.waitFor\("cart\/added"\) threw: TypeError/,
    );
    const priced = recorder.waitFor('cart/item/priced');
    await page.click('#add');
    await broken;
    await expect(priced).resolves.toMatchObject({ payload: { sku: 'sku-1', price: 10 } });
  });

  test('waitFor takes a pattern, "*" or an event class, as waitForEvent does', async ({ page }) => {
    const recorder = await recordBus(page, { timeout: 2000 });
    await page.goto('/recorder-app.html');
    const anyCart = recorder.waitFor('cart/**', { where: (e) => e.type === 'cart/item/priced' });
    await page.click('#add');
    await expect(anyCart).resolves.toMatchObject({ type: 'cart/item/priced', payload: { price: 10 } });
    await expect(recorder.waitFor('cart/*')).resolves.toMatchObject({ type: 'cart/added' });
    await expect(recorder.waitFor('*')).resolves.toMatchObject({ type: 'cart/added' });
    await page.evaluate(() => {
      const { bus, OrderPlaced } = (
        window as unknown as { probe: { bus: { emit(event: object): void }; OrderPlaced: new (id: string, total: number) => object } }
      ).probe;
      bus.emit(new OrderPlaced('o1', 12));
    });
    await expect(recorder.waitFor(OrderPlaced)).resolves.toMatchObject({
      type: 'order/placed',
      payload: { $hubbub: 'instance', className: 'OrderPlaced', fields: { orderId: 'o1', total: 12 } },
    });
  });

  test('a timeout names the buses it did see when none matches the bus option', async ({ page }) => {
    const recorder = await recordBus(page, { bus: 'shopp', timeout: 300 });
    await page.goto('/recorder-app.html');
    await expect(recorder.waitFor('cart/added')).rejects.toThrow(/No bus named "shopp" said hello; the page's buses: "shop"/);
  });

  test('a timeout on a page without connectDevtools names the fix', async ({ page }) => {
    const recorder = await recordBus(page, { timeout: 300 });
    await page.goto('/recorder-app.html?none');
    await page.click('#add');
    await expect(recorder.waitFor('cart/added')).rejects.toThrow(
      /No bus said hello: call connectDevtools\(bus\) in the page \(a production build compiles 'hubbub\/devtools' out: import it from 'hubbub\/devtools\/production' there\)/,
    );
  });

  test('waits of a stopped recorder, or of one whose page closed, reject at once saying so', async ({ page, context }) => {
    const recorder = await recordBus(page, { timeout: 20_000 });
    await page.goto('/recorder-app.html');
    const pending = expect(recorder.waitFor('never/comes')).rejects.toThrow(/no "never\/comes" event: the recorder was stopped\./);
    await recorder.stop();
    await recorder.stop();
    await pending;
    await expect(recorder.waitFor('cart/added')).rejects.toThrow(/the recorder was stopped/);

    const other = await context.newPage();
    const onClosed = await recordBus(other, { timeout: 20_000 });
    await other.goto('/recorder-app.html');
    const waiting = expect(onClosed.waitFor('never/comes')).rejects.toThrow(/no "never\/comes" event: the page was closed\./);
    await other.close();
    await waiting;
    await expect(onClosed.dispatch('cart/added', {})).rejects.toThrow(/the page was closed/);
  });

  test('stop() holds across navigations: the page no longer streams to the recorder', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/recorder-app.html');
    await page.click('#add');
    await recorder.waitFor('cart/added');
    await recorder.stop();
    await page.goto('/recorder-app.html?next');
    await page.evaluate(() => {
      const batches: unknown[] = [];
      window.addEventListener('message', (event) => {
        if (event.data?.kind === 'batch') batches.push(event.data);
      });
      Object.assign(window, { batches });
    });
    const watcher = await recordBus(page);
    await expect.poll(() => watcher.instances.length).toBe(1);
    await watcher.stop();
    await page.evaluate(() => (window as unknown as { batches: unknown[] }).batches.splice(0));
    await page.click('#add');
    await page.click('#add');
    // The page's own listener would see a batch right after the clicks if any viewer were still connected.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(await page.evaluate(() => (window as unknown as { batches: unknown[] }).batches.length)).toBe(0);
  });

  test('dispatch without a bus on a page with several refuses, naming them, and publishes nothing', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/recorder-app.html?second');
    await expect.poll(() => recorder.instances.length).toBe(2);
    await expect(recorder.dispatch('cart/added', { sku: 'x', qty: 1 })).rejects.toThrow(/several buses.*"shop".*"audit".*\{ bus: /);
    const result = await recorder.dispatch('cart/added', { sku: 'x', qty: 1 }, { bus: 'shop' });
    expect(result.ok).toBe(true);
    await recorder.waitFor('cart/added');
    expect(recorder.events.map((e) => `${e.busName}:${e.type}`)).toEqual(['shop:cart/added']);
  });

  test('dispatch by name right after a navigation reaches the new page, not the bus of the old one', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/recorder-app.html');
    await expect.poll(() => recorder.instances.length).toBe(1);
    await page.goto('/recorder-app.html?next', { waitUntil: 'commit' });
    const result = await recorder.dispatch('cart/added', { sku: 'after', qty: 1 }, { bus: 'shop' });
    expect(result.ok).toBe(true);
    const added = await recorder.waitFor('cart/added');
    expect(added.sessionId).toBe(recorder.instances.at(-1)?.sessionId);
  });

  test('buses in iframes: recorded by a recorder started after they loaded; dispatch and stop reach them', async ({ page }) => {
    await page.goto('/recorder-app.html?frame');
    const widget = page.frameLocator('iframe');
    await widget.locator('#ping').click();
    const recorder = await recordBus(page);
    await expect(recorder.waitFor('widget/pinged')).resolves.toMatchObject({ busName: 'widget', payload: { count: 1 } });
    const result = await recorder.dispatch('widget/pinged', { count: 99 }, { bus: 'widget' });
    expect(result.ok).toBe(true);
    await recorder.waitFor('widget/pinged', { where: (e) => e.replayed });
  });

  test('a timeout says how many entries the page dropped before the recorder connected', async ({ page }) => {
    await page.goto('/recorder-app.html?flood=3000&maxBuffer=1000');
    await page.click('#flood');
    const recorder = await recordBus(page, { timeout: 500 });
    await recorder.waitFor('flood/tick', { where: (e) => e.payload.n === 2999 });
    await expect(recorder.waitFor('flood/tick', { where: (e) => e.payload.n === 0 })).rejects.toThrow(
      /5000 entries of the page's stream never reached this recorder.*maxBuffer/,
    );
  });
});

// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const rows = () => within(screen.getByRole('listbox', { name: 'Events' })).queryAllByRole('option');
const rowTypes = () => rows().map((row) => row.getAttribute('data-event-type'));

describe('the event log', () => {
  it('asks the page to stream once the link is up, and lists events with handler counts and badges', () => {
    const { page } = renderPanel();
    expect(page.sent.map((m) => m.kind)).toContain('connect');
    page.batch([
      ...page.event('cart:add', { sku: 'A1' }, { handlers: [{ label: 'badge' }, { label: 'total' }] }),
      ...page.event('admin:delete', { id: 1 }, { middleware: [{ name: 'auth-guard', decision: 'blocked' }], handlers: [{ label: 'x' }] }),
      ...page.event('payment:charge', { amount: 3 }, { handlers: [{ label: 'gateway', error: { name: 'Error', message: 'declined' } }] }),
    ]);
    expect(rowTypes()).toEqual(['cart:add', 'admin:delete', 'payment:charge']);
    const [cart, admin, payment] = rows();
    expect(cart?.querySelector('[title="handlers run"]')?.textContent).toBe('2');
    expect(admin?.querySelector('[title="handlers run"]')?.textContent).toBe('0');
    expect(admin?.textContent).toContain('blocked');
    expect(admin?.textContent).toContain('by auth-guard');
    expect(payment?.textContent).toContain('failed');
    expect(payment?.textContent).toContain('Error: declined');
    expect(cart?.textContent).not.toMatch(/blocked|failed/);
    expect(screen.getByTestId('event-count').textContent).toBe('3 events');
  });

  it('says how many entries the page’s ring buffer dropped before the panel connected', () => {
    const { page } = renderPanel();
    page.batch(page.event('cart:add', {}), 42);
    expect(screen.getByRole('region', { name: 'Event log' }).textContent).toContain("42 entries dropped by the page's buffer");
  });

  it('does not count an entry twice when the page sends its buffer again', () => {
    const { page } = renderPanel();
    const entries = page.event('cart:add', { sku: 'A1' });
    page.batch(entries);
    page.batch(entries);
    expect(rows()).toHaveLength(1);
  });

  it('filters by free text, by regex, inverted, and by type; a bad regex is explained', async () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('cart:add', { sku: 'BLUE-MUG' }),
      ...page.event('cart:remove', { sku: 'RED-MUG' }),
      ...page.event('order:placed', { orderId: 'o-1' }),
    ]);
    const filter = screen.getByRole('searchbox', { name: 'Filter events' });
    fireEvent.change(filter, { target: { value: 'red-mug' } });
    expect(rowTypes()).toEqual(['cart:remove']);
    expect(screen.getByTestId('event-count').textContent).toBe('1 of 3 events');

    fireEvent.change(filter, { target: { value: '^cart:(add|remove)' } });
    expect(rows()).toHaveLength(0);
    fireEvent.click(screen.getByRole('checkbox', { name: 'regex' }));
    // The regex engine loads on first use (regex-engine-loading.test.tsx), then the pattern applies.
    await waitFor(() => expect(rowTypes()).toEqual(['cart:add', 'cart:remove']));
    fireEvent.click(screen.getByRole('checkbox', { name: 'invert' }));
    expect(rowTypes()).toEqual(['order:placed']);

    fireEvent.change(filter, { target: { value: 'cart:(' } });
    expect(screen.getByRole('alert').textContent).toMatch(/Invalid regular expression.*Fix the pattern or turn regex off/);

    fireEvent.change(filter, { target: { value: '' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'invert' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Event type' }), { target: { value: 'cart:add' } });
    expect(rowTypes()).toEqual(['cart:add']);
  });

  it('filters by a pattern of types, with the bus’s meaning (* one segment, ** one or more), offered from the types seen', () => {
    const { page } = renderPanel();
    page.batch([
      ...page.event('cart/added', {}),
      ...page.event('cart/item/priced', {}),
      ...page.event('order/placed', {}),
      ...page.event('cart/removed', {}),
    ]);
    const typeFilter = screen.getByRole('combobox', { name: 'Event type' });
    const offered = within(typeFilter)
      .getAllByRole('option')
      .map((option) => option.getAttribute('value'));
    expect(offered).toEqual(expect.arrayContaining(['cart/*', 'cart/**', 'cart/item/*', 'order/*']));
    fireEvent.change(typeFilter, { target: { value: 'cart/*' } });
    expect(rowTypes()).toEqual(['cart/added', 'cart/removed']);
    fireEvent.change(typeFilter, { target: { value: 'cart/**' } });
    expect(rowTypes()).toEqual(['cart/added', 'cart/item/priced', 'cart/removed']);
  });

  it('applies the filter to events that arrive later (the log re-renders at most every 50 ms while they stream)', async () => {
    const { page } = renderPanel();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter events' }), { target: { value: 'order' } });
    page.batch([...page.event('cart:add', {}), ...page.event('order:placed', {})]);
    page.batch([...page.event('order:shipped', {}), ...page.event('cart:add', {})]);
    await waitFor(() => expect(rowTypes()).toEqual(['order:placed', 'order:shipped']));
  });

  it('keeps at most the max-events setting, dropping the oldest', async () => {
    const { page } = renderPanel({ settings: { maxEvents: 100 } });
    page.batch(Array.from({ length: 150 }, (_, i) => page.event(`tick:${i}`, { i })).flat());
    expect(screen.getByTestId('event-count').textContent).toBe('100 events');
    expect(screen.getByRole('combobox', { name: 'Event type' }).textContent).not.toContain('tick:49');
    expect(screen.getByRole('combobox', { name: 'Event type' }).textContent).toContain('tick:50');

    fireEvent.change(screen.getByRole('spinbutton', { name: 'Max events' }), { target: { value: '5000' } });
    page.batch(Array.from({ length: 50 }, (_, i) => page.event(`more:${i}`, { i })).flat());
    await waitFor(() => expect(screen.getByTestId('event-count').textContent).toBe('150 events'));
  });

  it('pauses recording here and on the page, and resumes', () => {
    const { page } = renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(page.sent.at(-1)?.kind).toBe('pause');
    page.batch(page.event('ignored', {}));
    expect(rows()).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(page.sent.at(-1)?.kind).toBe('resume');
    page.batch(page.event('recorded', {}));
    expect(rowTypes()).toEqual(['recorded']);
  });

  it('clears the log and the page buffer', () => {
    const { page } = renderPanel();
    page.batch(page.event('cart:add', {}));
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(rows()).toHaveLength(0);
    expect(page.sent.at(-1)?.kind).toBe('clear');
  });

  it('moves through the list with the keyboard', () => {
    const { page } = renderPanel();
    page.batch([...page.event('a', {}), ...page.event('b', {}), ...page.event('c', {})]);
    const list = screen.getByRole('listbox', { name: 'Events' });
    const selected = () =>
      rows()
        .find((r) => r.getAttribute('aria-selected') === 'true')
        ?.getAttribute('data-event-type');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(selected()).toBe('a');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(selected()).toBe('b');
    fireEvent.keyDown(list, { key: 'End' });
    expect(selected()).toBe('c');
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(selected()).toBe('b');
    fireEvent.keyDown(list, { key: 'Home' });
    expect(selected()).toBe('a');
    expect(screen.getByRole('complementary', { name: 'Event detail' }).textContent).toContain('a');
    fireEvent.keyDown(list, { key: 'Escape' });
    expect(selected()).toBeUndefined();
  });

  it('renders only a window of rows for a large log', () => {
    const { page } = renderPanel({ settings: { maxEvents: 20_000 } });
    act(() => {});
    page.batch(Array.from({ length: 10_000 }, (_, i) => page.event('tick', { i })).flat());
    expect(screen.getByTestId('event-count').textContent).toBe('10000 events');
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(200);
  });
});

describe('preserve log', () => {
  it('clears the log when the page reloads, unless preserve log is on; then a separator marks the reload', async () => {
    const { page } = renderPanel();
    page.batch(page.event('before', {}));
    page.reload();
    page.batch(page.event('after-first-reload', {}));
    await waitFor(() => expect(rowTypes()).toEqual(['after-first-reload']));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Preserve log' }));
    page.reload();
    page.batch([...page.event('after-second-reload', {}), ...page.event('later', {})]);
    await waitFor(() => expect(rowTypes()).toEqual(['after-first-reload', 'after-second-reload', 'later']));
    const [, separated, later] = rows();
    expect(separated?.className).toContain('hb-after-navigation');
    expect(separated?.textContent).toContain('reloaded');
    expect(later?.className).not.toContain('hb-after-navigation');
  });

  it('keeps the log when a second bus of the same page says hello: only a new page is a reload', async () => {
    const { page } = renderPanel();
    page.batch(page.event('from-shop', {}));
    // Another bus of the same page: its own session (each connectDevtools call has one), the same page start.
    const other = { source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId: 'session-cart', instanceId: 'cart-1' } as const;
    const cartInfo = { ...page.info, id: 'cart-1', name: 'cart' };
    page.deliver({ kind: 'page', message: { ...other, kind: 'hello', instance: { ...cartInfo, streaming: true } } });
    page.batch(page.event('more-from-shop', {}));
    await waitFor(() => expect(rowTypes()).toEqual(['from-shop', 'more-from-shop']));
    expect(rows().some((row) => row.className.includes('hb-after-navigation'))).toBe(false);

    page.reload();
    page.batch(page.event('after-reload', {}));
    await waitFor(() => expect(rowTypes()).toEqual(['after-reload']));
  });

  it('names each gone bus of a kept log by the start of its page, so reloads of one bus are told apart', async () => {
    const { page } = renderPanel();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Preserve log' }));
    page.batch(page.event('first', {}));
    page.reload();
    page.batch(page.event('second', {}));
    page.reload();
    page.batch(page.event('third', {}));
    await waitFor(() => expect(rowTypes()).toEqual(['first', 'second', 'third']));
    const labels = within(screen.getByRole('combobox', { name: 'Bus' }))
      .getAllByRole('option')
      .map((option) => option.textContent ?? '');
    const gone = labels.filter((label) => label.includes('gone'));
    expect(gone).toHaveLength(2);
    for (const label of gone) expect(label).toMatch(/\(gone; page of \d\d:\d\d:\d\d\.\d{3}\)$/);
    expect(new Set(gone).size).toBe(2);
  });

  it('says the page has no bus after navigating to one without, and keeps the log', async () => {
    const { page } = renderPanel();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Preserve log' }));
    page.batch(page.event('before', {}));
    expect(screen.queryByText(/Waiting for a Hubbub bus/)).toBeNull();
    page.goodbye();
    await waitFor(() => expect(screen.getByText(/Waiting for a Hubbub bus/)).toBeTruthy());
    expect(rowTypes()).toEqual(['before']);
  });

  it('is remembered with the other settings', () => {
    const storage = new Map<string, string>();
    const fakeStorage = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    } as unknown as Storage;
    renderPanel({ storage: fakeStorage });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Preserve log' }));
    cleanup();
    renderPanel({ storage: fakeStorage });
    expect((screen.getByRole('checkbox', { name: 'Preserve log' }) as HTMLInputElement).checked).toBe(true);
  });
});

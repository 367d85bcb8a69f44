// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_INSTANCES, MAX_INSTANCES_PER_FRAME } from '../../src/devtools/panel/model/instances';
import { createPanelModel } from '../../src/devtools/panel/model/panel-model';
import { type FrameInfo, PAGE_SOURCE, type PageMessage, type PanelMessage, PROTOCOL_VERSION, toWire } from '../../src/devtools/protocol';
import { createFakePage, type FakePage } from './fake-page';
import { renderPanel } from './render-panel';

// In the extension every frame has its own content script, so a cross-origin iframe's messages
// reach the panel beside the inspected page's, tagged with their frame by the service worker.

afterEach(cleanup);

const topFrame: FrameInfo = { tabId: 1, frameId: 0, frameUrl: 'https://app.example/cart' };
const adFrame: FrameInfo = { tabId: 1, frameId: 7, frameUrl: 'https://ads.example/slot?id=3' };

const envelope = (sessionId: string, instanceId: string) =>
  ({ source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId, instanceId }) as const;

/** A page message as the extension delivers it: with the frame it came from. */
const fromFrame = (page: FakePage, frame: FrameInfo, message: PageMessage) => page.deliver({ kind: 'page', frame, message });

const helloFrom = (page: FakePage, frame: FrameInfo, bus: { sessionId: string; id: string; name?: string; allowDispatch?: boolean }) =>
  fromFrame(page, frame, {
    ...envelope(bus.sessionId, bus.id),
    kind: 'hello',
    instance: {
      id: bus.id,
      name: bus.name ?? 'shop',
      allowDispatch: bus.allowDispatch ?? true,
      url: frame.frameUrl,
      buffered: 0,
      dropped: 0,
      streaming: true,
    },
  });

const startModel = () => {
  const page = createFakePage();
  const model = createPanelModel(page.transport);
  model.start();
  page.linkUp();
  return { page, model };
};

const lastDispatch = (page: FakePage) => {
  const last = page.routed.at(-1);
  if (last?.message.kind !== 'dispatch') throw new Error('The panel sent no dispatch.');
  return { message: last.message as Extract<PanelMessage, { kind: 'dispatch' }>, target: last.target };
};

describe('a frame that announces bus after bus', () => {
  it('keeps at most MAX_INSTANCES_PER_FRAME of one frame, and the top frame’s bus', () => {
    const { page, model } = startModel();
    helloFrom(page, topFrame, { sessionId: 'top', id: 'shop-1' });
    for (let i = 0; i < 1_000; i++) helloFrom(page, adFrame, { sessionId: `ad-${i}`, id: `bus-${i}` });

    const kept = [...model.instances.getState().instances.values()];
    expect(kept.filter((i) => i.frame?.frameId === 7)).toHaveLength(MAX_INSTANCES_PER_FRAME);
    expect(kept.filter((i) => i.frame?.frameId === 0).map((i) => i.info.id)).toEqual(['shop-1']);
    // The newest are kept: the oldest went first.
    expect(kept.at(-1)?.info.id).toBe('bus-999');
  });

  it('keeps at most MAX_INSTANCES over many frames, forgetting gone ones first and never the top frame’s live ones', () => {
    const { page, model } = startModel();
    helloFrom(page, topFrame, { sessionId: 'top', id: 'shop-1' });
    const firstAd = { ...adFrame, frameId: 100 };
    helloFrom(page, firstAd, { sessionId: 'early', id: 'early-live' });
    helloFrom(page, firstAd, { sessionId: 'early', id: 'early-gone' });
    fromFrame(page, firstAd, { ...envelope('early', 'early-gone'), kind: 'goodbye' });
    for (let frameId = 8; frameId < 30; frameId++)
      for (let i = 0; i < 20; i++) helloFrom(page, { ...adFrame, frameId }, { sessionId: `f${frameId}`, id: `bus-${i}` });

    const kept = model.instances.getState().instances;
    expect(kept.size).toBe(MAX_INSTANCES);
    const ids = [...kept.values()].map((i) => i.info.id);
    expect(ids).toContain('shop-1');
    expect(ids).not.toContain('early-gone');
    expect(ids).not.toContain('early-live');
  });

  it('ignores the batches of a bus it forgot, and of one that never said hello', () => {
    const { page, model } = startModel();
    helloFrom(page, adFrame, { sessionId: 'ad', id: 'bus-0' });
    for (let i = 1; i <= MAX_INSTANCES_PER_FRAME; i++) helloFrom(page, adFrame, { sessionId: 'ad', id: `bus-${i}` });
    const entries = JSON.stringify(page.event('ad:shown', {}).map(toWire));
    for (const id of ['bus-0', 'never-said-hello'])
      fromFrame(page, adFrame, { ...envelope('ad', id), kind: 'batch', entries, count: 2, dropped: 0 });
    expect(model.events.getState().records).toEqual([]);
  });
});

describe('the answer to a dispatch', () => {
  it('is taken only from the frame and bus the request went to, once', () => {
    const { page, model } = startModel();
    helloFrom(page, topFrame, { sessionId: 'top', id: 'shop-1', allowDispatch: false });
    const requestId = model.dispatch('cart:add', { sku: 'A' });
    const outcome = () => model.connection.getState().dispatches.get(requestId);

    // Another frame forges an answer, even naming the same session and bus.
    fromFrame(page, adFrame, { ...envelope('top', 'shop-1'), kind: 'dispatch-result', requestId, ok: true, eventId: 'shop-1:42' });
    // Another bus of the top frame answers for it.
    fromFrame(page, topFrame, { ...envelope('top', 'other'), kind: 'dispatch-result', requestId, ok: true, eventId: 'other:1' });
    expect(outcome()).toEqual({ state: 'sent', eventType: 'cart:add' });

    fromFrame(page, topFrame, { ...envelope('top', 'shop-1'), kind: 'dispatch-result', requestId, ok: false, reason: 'Not allowed.' });
    expect(outcome()).toEqual({ state: 'refused', eventType: 'cart:add', reason: 'Not allowed.' });
    fromFrame(page, topFrame, { ...envelope('top', 'shop-1'), kind: 'dispatch-result', requestId, ok: true, eventId: 'shop-1:9' });
    expect(outcome()?.state).toBe('refused');
  });

  it('ignores answers to requests it never sent', () => {
    const { page, model } = startModel();
    helloFrom(page, adFrame, { sessionId: 'ad', id: 'x' });
    fromFrame(page, adFrame, { ...envelope('ad', 'x'), kind: 'dispatch-result', requestId: 'panel-0', ok: true, eventId: 'x:1' });
    expect(model.connection.getState().dispatches.size).toBe(0);
  });

  it('has a request id no frame can guess', () => {
    const { page, model } = startModel();
    helloFrom(page, topFrame, { sessionId: 'top', id: 'shop-1' });
    const first = model.dispatch('cart:add', {});
    const second = model.dispatch('cart:add', {});
    expect(first).toMatch(/^panel-[0-9a-f-]{32,36}$/);
    expect(second).not.toBe(first);
    expect(lastDispatch(page).message.requestId).toBe(second);
  });
});

describe('where a dispatch goes', () => {
  it('defaults to the top frame’s bus, even when an iframe’s bus spoke first', () => {
    const { page, model } = startModel();
    helloFrom(page, adFrame, { sessionId: 'ad', id: 'shop-1' });
    helloFrom(page, topFrame, { sessionId: 'top', id: 'shop-1' });
    model.dispatch('user:login', { user: 'ann' });
    expect(lastDispatch(page)).toMatchObject({ message: { instanceId: 'shop-1' }, target: { frameId: 0 } });
  });

  it('prefers the top frame’s bus that allows dispatch, and goes to an iframe only when the top frame has none', () => {
    const { page, model } = startModel();
    helloFrom(page, adFrame, { sessionId: 'ad', id: 'ad-bus' });
    model.dispatch('cart:add', {});
    expect(lastDispatch(page).target).toEqual({ frameId: 7 });
    helloFrom(page, topFrame, { sessionId: 'top', id: 'locked', allowDispatch: false });
    helloFrom(page, topFrame, { sessionId: 'top', id: 'open' });
    model.dispatch('cart:add', {});
    expect(lastDispatch(page)).toMatchObject({ message: { instanceId: 'open' }, target: { frameId: 0 } });
  });

  it('lists each bus with its frame in the Dispatch view, the top frame’s chosen', () => {
    const { page } = renderPanel({ hello: false });
    helloFrom(page, adFrame, { sessionId: 'ad', id: 'shop-1' });
    helloFrom(page, topFrame, { sessionId: 'top', id: 'shop-1' });
    fireEvent.click(screen.getByRole('tab', { name: 'Dispatch' }));
    const view = screen.getByRole('region', { name: 'Dispatch' });
    const target = within(view).getByRole('combobox', { name: 'Dispatch target' }) as HTMLSelectElement;
    expect(
      within(target)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['shop (frame 7, https://ads.example)', 'shop (top frame)']);
    expect(target.selectedOptions[0]?.textContent).toBe('shop (top frame)');

    fireEvent.change(within(view).getByRole('textbox', { name: 'Event type to dispatch' }), { target: { value: 'user:login' } });
    fireEvent.click(within(view).getByRole('button', { name: 'Dispatch' }));
    expect(lastDispatch(page).target).toEqual({ frameId: 0 });

    fireEvent.change(target, { target: { value: target.options[0]?.value } });
    fireEvent.click(within(view).getByRole('button', { name: 'Dispatch' }));
    expect(lastDispatch(page).target).toEqual({ frameId: 7 });
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src/devtools/panel/model/event-record';
import { MAX_INSTANCES_PER_FRAME } from '../../src/devtools/panel/model/instances';
import { createPanelModel, type PanelModel } from '../../src/devtools/panel/model/panel-model';
import {
  type FrameInfo,
  PAGE_SOURCE,
  type PanelMessage,
  PROTOCOL_VERSION,
  type SerializedValue,
  type StreamEntry,
  toWire,
} from '../../src/devtools/protocol';
import { createFakePage, type FakePage } from './fake-page';
import { openEventDetail, renderPanel } from './render-panel';

// One rule says where a dispatch aimed at a bus goes (the model's dispatch, Replay, Edit in
// Dispatch and the Dispatch view): that bus while it is live; after a reload, the one live bus of
// its name in its frame; else nowhere, with a reason. A dispatch whose bus goes away before it
// answers is refused, never left "sent".

afterEach(cleanup);

type DispatchMessage = Extract<PanelMessage, { kind: 'dispatch' }>;

const topFrame: FrameInfo = { tabId: 1, frameId: 0, frameUrl: 'https://app.example/' };
const loginFrame: FrameInfo = { tabId: 1, frameId: 7, frameUrl: 'https://login.example/widget' };

/** One bus of one page load, as the page announces it (ids differ from load to load, as connectDevtools makes them). */
interface PageBus {
  readonly name: string;
  readonly id: string;
  readonly sessionId: string;
  readonly frame: FrameInfo;
  readonly pageStartedAt: number;
  seq: number;
}

const busOf = (name: string, load: number, frame = topFrame, copy = 1): PageBus => ({
  name,
  id: `${name}-load${load}-${copy}`,
  sessionId: `load-${load}-frame-${frame.frameId}`,
  frame,
  pageStartedAt: 1_700_000_000_000 + load,
  seq: 0,
});

const keyOf = (bus: PageBus) => `${bus.frame.tabId}:${bus.frame.frameId}/${bus.sessionId}/${bus.id}`;
const envelope = (bus: PageBus) =>
  ({ source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId: bus.sessionId, instanceId: bus.id }) as const;

const hello = (page: FakePage, bus: PageBus, allowDispatch = true) =>
  page.deliver({
    kind: 'page',
    frame: bus.frame,
    message: {
      ...envelope(bus),
      kind: 'hello',
      instance: {
        id: bus.id,
        name: bus.name,
        allowDispatch,
        url: bus.frame.frameUrl,
        pageStartedAt: bus.pageStartedAt,
        buffered: 0,
        dropped: 0,
        streaming: true,
      },
    },
  });

const goodbye = (page: FakePage, bus: PageBus) =>
  page.deliver({ kind: 'page', frame: bus.frame, message: { ...envelope(bus), kind: 'goodbye' } });

/** The bus publishes `eventType` and the panel records it. */
const publish = (page: FakePage, bus: PageBus, eventType: string, payload: SerializedValue) => {
  const id = `${bus.id}:${bus.seq + 1}`;
  const entries: StreamEntry[] = [
    {
      type: 'event',
      seq: ++bus.seq,
      id,
      eventType,
      payload,
      timestamp: 1_700_000_000_000 + bus.seq,
      correlationId: id,
      causationId: undefined,
      depth: 0,
      via: 'publish',
      replayed: false,
    },
    { type: 'dispatched', seq: ++bus.seq, eventId: id, delivered: 0, errorCount: 0 },
  ];
  page.deliver({
    kind: 'page',
    frame: bus.frame,
    message: { ...envelope(bus), kind: 'batch', entries: JSON.stringify(entries.map(toWire)), count: entries.length, dropped: 0 },
  });
};

const answer = (page: FakePage, bus: PageBus, requestId: string) =>
  page.deliver({
    kind: 'page',
    frame: bus.frame,
    message: { ...envelope(bus), kind: 'dispatch-result', requestId, ok: true, eventId: `${bus.id}:99` },
  });

/** The frame reloads: its buses say goodbye (pagehide), its content script goes, and the new load's buses say hello. */
const reload = (page: FakePage, frame: FrameInfo, before: readonly PageBus[], after: readonly PageBus[]) => {
  for (const bus of before) goodbye(page, bus);
  page.deliver({ kind: 'frame-gone', frame });
  for (const bus of after) hello(page, bus);
};

const startModel = () => {
  const page = createFakePage();
  // Preserve log: the events recorded before a reload stay in the log, to be replayed.
  const model = createPanelModel(page.transport, { settings: { preserveLog: true } });
  model.start();
  page.linkUp();
  return { page, model };
};

const recorded = (model: PanelModel, eventType: string): EventRecord => {
  const record = model.events.getState().records.find((r) => r.eventType === eventType);
  if (!record) throw new Error(`no ${eventType} recorded`);
  return record;
};

const replay = (model: PanelModel, record: EventRecord) =>
  model.dispatch(record.eventType, record.payload, 'replay', record.instanceKey, record.version);

const dispatchesSent = (page: FakePage) => page.routed.filter((r) => r.message.kind === 'dispatch');

const lastDispatch = (page: FakePage) => {
  const last = dispatchesSent(page).at(-1);
  if (!last) throw new Error('The panel sent no dispatch.');
  return { message: last.message as DispatchMessage, target: last.target };
};

const outcomeOf = (model: PanelModel, requestId: string) => model.connection.getState().dispatches.get(requestId);

/** The top frame's "shop" and "auth" buses; "auth" records session:started; after a reload only "shop" comes back (returned). */
const recordAuthThenReloadWithoutIt = (page: FakePage) => {
  const [shop1, auth1, shop2] = [busOf('shop', 1), busOf('auth', 1), busOf('shop', 2)];
  hello(page, shop1);
  hello(page, auth1);
  publish(page, auth1, 'session:started', { user: 'ann' });
  reload(page, topFrame, [shop1, auth1], [shop2]);
  return { shopAfterReload: shop2 };
};

const GONE_NO_NAME =
  'The bus "auth" that recorded this event is gone (the page reloaded or its frame closed) and no live bus has its name; use Edit in Dispatch to choose a bus.';

describe('where a replay goes', () => {
  it('to the bus that recorded the event, while it is live', () => {
    const { page, model } = startModel();
    const [shop, auth] = [busOf('shop', 1), busOf('auth', 1)];
    hello(page, shop);
    hello(page, auth);
    publish(page, auth, 'session:started', { user: 'ann' });

    replay(model, recorded(model, 'session:started'));
    expect(lastDispatch(page)).toMatchObject({ message: { instanceId: auth.id, mode: 'replay' }, target: { frameId: 0 } });
  });

  it('after a reload, to the live bus of the same name in the same frame, whose answer lands', () => {
    const { page, model } = startModel();
    const [shop1, auth1, shop2, auth2] = [busOf('shop', 1), busOf('auth', 1), busOf('shop', 2), busOf('auth', 2)];
    hello(page, shop1);
    hello(page, auth1);
    publish(page, auth1, 'session:started', { user: 'ann' });
    reload(page, topFrame, [shop1, auth1], [shop2, auth2]);

    const requestId = replay(model, recorded(model, 'session:started'));
    expect(lastDispatch(page)).toMatchObject({ message: { instanceId: auth2.id, eventType: 'session:started' }, target: { frameId: 0 } });
    answer(page, auth2, requestId);
    expect(outcomeOf(model, requestId)).toEqual({ state: 'accepted', eventType: 'session:started', eventId: `${auth2.id}:99` });
  });

  it('nowhere when no live bus has its name: refused at once, with a reason that names the bus and says what to do', () => {
    const { page, model } = startModel();
    recordAuthThenReloadWithoutIt(page);

    const requestId = replay(model, recorded(model, 'session:started'));
    expect(dispatchesSent(page)).toEqual([]);
    expect(outcomeOf(model, requestId)).toEqual({ state: 'refused', eventType: 'session:started', reason: GONE_NO_NAME });
  });

  it('nowhere when several live buses of its frame have its name: no guess', () => {
    const { page, model } = startModel();
    const auth1 = busOf('auth', 1);
    hello(page, auth1);
    publish(page, auth1, 'session:started', { user: 'ann' });
    reload(page, topFrame, [auth1], [busOf('auth', 2, topFrame, 1), busOf('auth', 2, topFrame, 2)]);

    const requestId = replay(model, recorded(model, 'session:started'));
    expect(dispatchesSent(page)).toEqual([]);
    expect(outcomeOf(model, requestId)).toEqual({
      state: 'refused',
      eventType: 'session:started',
      reason:
        'The bus "auth" that recorded this event is gone (the page reloaded or its frame closed) and 2 live buses have its name; use Edit in Dispatch to choose one.',
    });
  });

  it('never to a bus of its name in another frame', () => {
    const { page, model } = startModel();
    recordAuthThenReloadWithoutIt(page);
    hello(page, busOf('auth', 2, loginFrame));

    const requestId = replay(model, recorded(model, 'session:started'));
    expect(dispatchesSent(page)).toEqual([]);
    expect(outcomeOf(model, requestId)).toMatchObject({
      state: 'refused',
      reason:
        'The bus "auth" that recorded this event is gone (the page reloaded or its frame closed) and no live bus in its frame has its name; use Edit in Dispatch to choose a bus.',
    });
  });

  it('from an iframe the page’s reload created again (a new frame id, the same address), to its bus of the same name', () => {
    const { page, model } = startModel();
    const auth1 = busOf('auth', 1, loginFrame);
    hello(page, auth1);
    publish(page, auth1, 'session:started', { user: 'ann' });
    goodbye(page, auth1);
    page.deliver({ kind: 'frame-gone', frame: loginFrame });
    const auth2 = busOf('auth', 2, { ...loginFrame, frameId: 12 });
    hello(page, auth2);
    hello(page, busOf('auth', 2, { tabId: 1, frameId: 13, frameUrl: 'https://other.example/' }));

    replay(model, recorded(model, 'session:started'));
    expect(lastDispatch(page)).toMatchObject({ message: { instanceId: auth2.id }, target: { frameId: 12 } });
  });

  it('from a bus the panel forgot past its caps, to the live bus of its name in the frame its key names', () => {
    const { page, model } = startModel();
    const auth1 = busOf('auth', 1);
    hello(page, auth1);
    publish(page, auth1, 'session:started', { user: 'ann' });
    goodbye(page, auth1);
    // A frame full of other buses: the gone one is forgotten first; its events stay in the log.
    for (let copy = 1; copy <= MAX_INSTANCES_PER_FRAME; copy++) hello(page, busOf('widget', 2, topFrame, copy));
    expect(model.instances.getState().instances.has(keyOf(auth1))).toBe(false);
    const auth2 = busOf('auth', 2);
    hello(page, auth2);

    replay(model, recorded(model, 'session:started'));
    expect(lastDispatch(page).message).toMatchObject({ instanceId: auth2.id });
  });

  it('where the caller chose, when it names a live bus', () => {
    const { page, model } = startModel();
    const [auth1, shop2] = [busOf('auth', 1), busOf('shop', 2)];
    hello(page, auth1);
    publish(page, auth1, 'session:started', { user: 'ann' });
    reload(page, topFrame, [auth1], [shop2]);

    model.dispatch('session:started', { user: 'ann' }, 'dispatch', keyOf(shop2));
    expect(lastDispatch(page)).toMatchObject({ message: { instanceId: shop2.id, mode: 'dispatch' }, target: { frameId: 0 } });
  });
});

describe('a dispatch whose bus goes away before it answers', () => {
  const WENT_AWAY =
    'The page went away before it answered: the bus "auth" is gone (the page reloaded, its frame closed, or the bus disconnected).';

  it('is refused when its bus says goodbye (a reload, or the bus disconnected), and a late answer changes nothing', () => {
    const { page, model } = startModel();
    const [shop, auth] = [busOf('shop', 1), busOf('auth', 1)];
    hello(page, shop);
    hello(page, auth);
    const requestId = model.dispatch('session:started', { user: 'ann' }, 'dispatch', keyOf(auth));
    expect(outcomeOf(model, requestId)).toEqual({ state: 'sent', eventType: 'session:started' });

    // Another bus going changes nothing.
    goodbye(page, shop);
    expect(outcomeOf(model, requestId)).toEqual({ state: 'sent', eventType: 'session:started' });

    goodbye(page, auth);
    expect(outcomeOf(model, requestId)).toEqual({ state: 'refused', eventType: 'session:started', reason: WENT_AWAY });
    answer(page, auth, requestId);
    expect(outcomeOf(model, requestId)).toMatchObject({ state: 'refused', reason: WENT_AWAY });
  });

  it('is refused when its frame goes away', () => {
    const { page, model } = startModel();
    const auth = busOf('auth', 1, loginFrame);
    hello(page, auth);
    const requestId = model.dispatch('session:started', {}, 'dispatch', keyOf(auth));
    page.deliver({ kind: 'frame-gone', frame: loginFrame });
    expect(outcomeOf(model, requestId)).toEqual({ state: 'refused', eventType: 'session:started', reason: WENT_AWAY });
  });

  it('past 1,000 awaiting answers, the oldest is refused as given up on, not left "sent"', () => {
    const { page, model } = startModel();
    const shop = busOf('shop', 1);
    hello(page, shop);
    const first = model.dispatch('cart:add', {});
    for (let i = 0; i < 1_000; i++) model.dispatch('cart:add', {});
    expect(outcomeOf(model, first)).toEqual({
      state: 'refused',
      eventType: 'cart:add',
      reason: 'No answer yet, and 1,000 later dispatches await theirs: the panel stopped waiting for this one.',
    });
  });
});

describe('the panel’s views after a reload', () => {
  const dispatchView = () => screen.getByRole('region', { name: 'Dispatch' });
  const detail = () => screen.getByRole('complementary', { name: 'Event detail' });

  it('an event of a bus that did not come back: Replay is off and says why; Edit in Dispatch waits for a bus to be chosen', () => {
    const { page } = renderPanel({ hello: false, settings: { preserveLog: true } });
    const { shopAfterReload: shop2 } = recordAuthThenReloadWithoutIt(page);

    openEventDetail('session:started');
    const replayButton = within(detail()).getByRole<HTMLButtonElement>('button', { name: 'Replay' });
    expect(replayButton.disabled).toBe(true);
    expect(within(detail()).getByText(GONE_NO_NAME)).toBeTruthy();
    fireEvent.click(replayButton);
    expect(dispatchesSent(page)).toEqual([]);

    fireEvent.click(within(detail()).getByRole('button', { name: 'Edit in Dispatch' }));
    const target = within(dispatchView()).getByRole<HTMLSelectElement>('combobox', { name: 'Dispatch target' });
    expect(target.value).toBe('');
    expect(
      within(dispatchView()).getByText(
        'The bus "auth" that recorded this event is gone (the page reloaded or its frame closed) and no live bus has its name: choose a bus to send it to.',
      ),
    ).toBeTruthy();
    const send = within(dispatchView()).getByRole<HTMLButtonElement>('button', { name: 'Dispatch' });
    expect(send.disabled).toBe(true);

    // An explicit choice is honoured.
    fireEvent.change(target, { target: { value: keyOf(shop2) } });
    expect(send.disabled).toBe(false);
    expect(within(dispatchView()).queryByText(/that recorded this event is gone/)).toBeNull();
    fireEvent.click(send);
    expect(lastDispatch(page)).toMatchObject({ message: { instanceId: shop2.id, eventType: 'session:started', payload: { user: 'ann' } } });
  });

  it('an event of a bus that came back: Replay and Edit in Dispatch go to its successor, and the menu shows it', () => {
    const { page } = renderPanel({ hello: false, settings: { preserveLog: true } });
    const [shop1, auth1, shop2, auth2] = [busOf('shop', 1), busOf('auth', 1), busOf('shop', 2), busOf('auth', 2)];
    hello(page, shop1);
    hello(page, auth1);
    publish(page, auth1, 'session:started', { user: 'ann' });
    reload(page, topFrame, [shop1, auth1], [shop2, auth2]);

    openEventDetail('session:started');
    fireEvent.click(within(detail()).getByRole('button', { name: 'Replay' }));
    expect(lastDispatch(page).message).toMatchObject({ instanceId: auth2.id, mode: 'replay' });

    fireEvent.click(within(detail()).getByRole('button', { name: 'Edit in Dispatch' }));
    expect(within(dispatchView()).getByRole<HTMLSelectElement>('combobox', { name: 'Dispatch target' }).value).toBe(keyOf(auth2));
    fireEvent.click(within(dispatchView()).getByRole('button', { name: 'Dispatch' }));
    expect(lastDispatch(page).message).toMatchObject({ instanceId: auth2.id, mode: 'dispatch' });
  });

  it('with no live bus at all, the Dispatch view says so and offers no button that cannot work', () => {
    const { page } = renderPanel({ hello: false });
    fireEvent.click(screen.getByRole('tab', { name: 'Dispatch' }));
    expect(
      within(dispatchView()).getByText(
        'No Hubbub bus is connected to this panel; connect one with connectDevtools(bus, { allowDispatch: true }).',
      ),
    ).toBeTruthy();
    expect(within(dispatchView()).getByRole<HTMLButtonElement>('button', { name: 'Dispatch' }).disabled).toBe(true);

    hello(page, busOf('shop', 1));
    expect(within(dispatchView()).queryByText(/No Hubbub bus/)).toBeNull();
    expect(within(dispatchView()).getByRole<HTMLButtonElement>('button', { name: 'Dispatch' }).disabled).toBe(false);
  });

  it('a replay whose bus goes away before it answers says so in the detail and in the Dispatch results', () => {
    const { page } = renderPanel({ hello: false, settings: { preserveLog: true } });
    const [shop, auth] = [busOf('shop', 1), busOf('auth', 1)];
    hello(page, shop);
    hello(page, auth);
    publish(page, auth, 'session:started', { user: 'ann' });

    openEventDetail('session:started');
    fireEvent.click(within(detail()).getByRole('button', { name: 'Replay' }));
    expect(detail().textContent).toContain('replaying…');
    goodbye(page, auth);
    expect(within(detail()).getByRole('alert').textContent).toContain(
      'replay refused: The page went away before it answered: the bus "auth" is gone',
    );

    fireEvent.click(screen.getByRole('tab', { name: 'Dispatch' }));
    const results = within(dispatchView()).getByRole('list', { name: 'Dispatch results' });
    expect(results.textContent).toContain('session:started: refused: The page went away before it answered');
    expect(results.textContent).not.toContain('sent…');
  });
});

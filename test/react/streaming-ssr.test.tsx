// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { Writable } from 'node:stream';
import { act } from '@testing-library/react';
import { StrictMode, Suspense } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToPipeableStream } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Bus, createBus, subscriptionsOf } from '../../src/index';
import { BusProvider, createBusHooks } from '../../src/react/index';
import { pending } from './pending';

type Events = { count: number };
const { useLatestEvent } = createBusHooks<Events>();

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

type Data = ReturnType<typeof pending>;

function Shell() {
  return <span id="shell">{useLatestEvent('count', 0)}</span>;
}

function Streamed({ data }: { data: Data }) {
  const count = useLatestEvent('count', 0);
  data.wait();
  return <b id="streamed">{`data ${count}`}</b>;
}

/** The streamed part sits in an element: React holds back a shell whose root-level boundary may hold `<body>`. */
const App = ({ bus, data }: { bus: Bus<Events>; data: Data }) => (
  <BusProvider bus={bus}>
    <main>
      <Shell />
      <Suspense fallback={<i>loading</i>}>
        <Streamed data={data} />
      </Suspense>
    </main>
  </BusProvider>
);

/** Streams `App` from the server: the shell first, then, once `data` resolves, the rest. */
const streamFromServer = async (bus: Bus<Events>, data: Data) => {
  const chunks: string[] = [];
  let wrote = () => {};
  let ended = () => {};
  const firstWrite = new Promise<void>((done) => {
    wrote = done;
  });
  const end = new Promise<void>((done) => {
    ended = done;
  });
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      wrote();
      callback();
    },
    final(callback) {
      ended();
      callback();
    },
  });
  renderToPipeableStream(<App bus={bus} data={data} />).pipe(sink);
  await firstWrite;
  const shell = chunks.splice(0).join('');
  data.resolve();
  await end;
  return { shell, rest: chunks.join('') };
};

/** What a browser does with a late chunk: adds its markup to the page and runs its inline scripts. */
const receive = (container: HTMLElement, html: string) => {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const node of [...template.content.childNodes]) {
    // React's own inline script (it defines globals such as $RC), run as the browser would.
    if (node.nodeName === 'SCRIPT') new Function(node.textContent ?? '')();
    else container.append(node);
  }
};

/** Waits for React's inline script to reveal the streamed part (it throttles reveals), then lets React hydrate it. */
const revealed = async (container: HTMLElement) => {
  await vi.waitFor(() => expect(container.querySelector('template')).toBeNull());
  const serverNode = container.querySelector('#streamed');
  await act(() => new Promise((done) => requestAnimationFrame(done)));
  return serverNode;
};

describe('streaming server rendering, then hydrateRoot', () => {
  it('hydrates each part from initial without a mismatch, then shows the latest event published meanwhile', async () => {
    // Server and client renderers share this process's context objects, which React notes ("multiple
    // renderers"); in an app they run in two processes. Every other message fails the test.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const serverBus = createBus<Events>({ sticky: true });
    serverBus.emit('count', 5);
    const { shell, rest } = await streamFromServer(serverBus, pending());
    expect(shell).toContain('<span id="shell">0</span>');
    expect(shell).toContain('<i>loading</i>');
    expect(rest).toContain('<b id="streamed">data 0</b>');

    vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    const container = document.createElement('div');
    document.body.append(container);
    receive(container, shell);
    const clientBus = createBus<Events>({ sticky: ['count'] });
    clientBus.emit('count', 7);
    const recoverable: unknown[] = [];
    const clientData = pending();
    clientData.resolve();
    const root = await act(async () =>
      hydrateRoot(
        container,
        <StrictMode>
          <App bus={clientBus} data={clientData} />
        </StrictMode>,
        { onRecoverableError: (error) => recoverable.push(error) },
      ),
    );
    expect(container.querySelector('#shell')?.textContent).toBe('7');
    expect(container.querySelector('i')?.textContent).toBe('loading');

    clientBus.emit('count', 8);
    receive(container, rest);
    const serverNode = await revealed(container);
    expect(serverNode?.textContent).toBe('data 8');
    expect(container.querySelector('#streamed')).toBe(serverNode);
    expect(container.querySelector('#shell')?.textContent).toBe('8');
    expect(recoverable).toEqual([]);
    expect(errors.mock.calls.filter(([message]) => !String(message).includes('multiple renderers'))).toEqual([]);
    await act(async () => clientBus.emit('count', 9));
    expect(container.querySelector('main')?.textContent).toBe('9data 9');
    act(() => root.unmount());
    expect(subscriptionsOf(clientBus)).toEqual([]);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectDevtools } from '../../src/devtools/index';
import { createBus, createRegistry, createSaga, events, once } from '../../src/index';
import { connectRemote } from '../../src/remote/index';
import { connectTabs } from '../../src/tabs/index';
import { waitForEvent } from '../../src/testing/index';
import { NeverOpenedSocket } from '../support/never-opened-socket';

/**
 * Options as an app written in JavaScript passes them to createBus, connectDevtools, connectTabs and
 * connectRemote: each mistake is named with what to write, never "Cannot read properties of
 * undefined", never ignored in silence. (Development builds; production drops the checks, which
 * the size budgets measure.)
 */

type Events = { 'cart/updated': { items: number } };
const registry = () => createRegistry<Events>().define('cart/updated');
const tabs = { channel: 'shop', types: ['cart/updated'], registry: registry() };
const remote = { url: 'ws://127.0.0.1:1', channels: ['shop'], types: ['cart/updated'], registry: registry(), WebSocket: NeverOpenedSocket };

// JavaScript callers: no types stop them.
const connectTabsJs = connectTabs as (bus: unknown, options?: unknown) => () => void;
const connectRemoteJs = connectRemote as (bus: unknown, options?: unknown) => { close(): void };
const createBusJs = createBus as (options?: unknown) => ReturnType<typeof createBus>;
const connectDevtoolsJs = connectDevtools as (bus: unknown, options?: unknown) => () => void;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createBus options', () => {
  it.each([
    ['a name in place of the options', 'shop', 'options must be an object, such as { name: \'shop\' }; got "shop".'],
    // Used to turn storm protection off: no depth is greater than a string.
    [
      'maxDepth as text',
      { maxDepth: '32' },
      'options.maxDepth must be a whole number of nested dispatches above 0, such as maxDepth: 32 (the default); got "32".',
    ],
    [
      'maxDepth 0',
      { maxDepth: 0 },
      'options.maxDepth must be a whole number of nested dispatches above 0, such as maxDepth: 32 (the default); got number.',
    ],
    // Used to fail at the first handler error, as "onError failed too: onError is not a function".
    ['onError that is not a function', { onError: 'console' }, 'options.onError must be a function; got "console".'],
    ['an empty name', { name: '' }, 'options.name must be a non-empty string, such as name: \'shop\'; got "".'],
  ])('%s: a TypeError names the option and what to write', (_, options, message) => {
    expect(() => createBusJs(options)).toThrow(new TypeError(`[hubbub] createBus(options): ${message}`));
  });

  it('keeps its sticky message, and takes no options or valid ones without a word', () => {
    const warn = vi.spyOn(console, 'warn');
    expect(() => createBusJs({ sticky: 'cart/updated' })).toThrow('createBus({ sticky }): sticky must be true (every key) or an array');
    createBusJs();
    createBusJs({ name: 'shop', maxDepth: 8, onError: () => {}, sticky: ['cart/updated'] });
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns once about an option it does not know, with the one it most likely meant', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(createBusJs({ nmae: 'shop' }).name).toBe('bus');
    createBusJs({ nmae: 'shop' });
    createBusJs({ maxdepth: 4 });
    expect(warn.mock.calls).toEqual([
      ['[hubbub] createBus(options): unknown option "nmae", ignored; did you mean "name"?'],
      ['[hubbub] createBus(options): unknown option "maxdepth", ignored; did you mean "maxDepth"?'],
    ]);
  });
});

describe('subscribe options (useEvent passes its own through)', () => {
  const subscribeJs = (options: unknown) => createBus().subscribe('a' as never, () => {}, options as never);

  it.each([
    ['once as text', { once: 'yes' }, 'options.once must be true or false; got "yes".'],
    ['a signal that is not one', { signal: {} }, 'options.signal must be an AbortSignal, such as controller.signal; got object.'],
    ['onError that is not a function', { onError: 'log' }, 'options.onError must be a function; got "log".'],
    ['a label that is not text', { label: 7 }, "options.label must be a string, such as label: 'cart badge'; got number."],
  ])('%s: a TypeError names the option and what to write', (_, options, message) => {
    expect(() => subscribeJs(options)).toThrow(new TypeError(`[hubbub] subscribe(key, handler, options): ${message}`));
  });

  it('a misspelled priority warns once, naming it (the handler would run at 0, out of its order)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    subscribeJs({ priorty: 10 });
    subscribeJs({ priorty: 10 });
    expect(warn.mock.calls).toEqual([
      ['[hubbub] subscribe(key, handler, options): unknown option "priorty", ignored; did you mean "priority"?'],
    ]);
  });
});

describe('createSaga options', () => {
  it('a misspelled timeout warns once with the one meant (the saga would never time out)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const saga = createSaga(createBus<Events>(), {
      name: 'checkout',
      steps: ['cart/updated'],
      correlate: () => 'one',
      complete: () => {},
      timout: 1000,
    } as never);
    saga.dispose();
    expect(warn.mock.calls).toEqual([['[hubbub] createSaga("checkout"): unknown option "timout", ignored; did you mean "timeout"?']]);
  });
});

describe('once, events and waitForEvent options', () => {
  it('a misspelled option warns once with the one meant (once would never time out)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bus = createBus<Events>();
    const next = once(bus, 'cart/updated', { timout: 1000 } as never);
    const stream = events(bus, 'cart/updated', { buffersize: 10 } as never);
    const waited = waitForEvent(bus, 'cart/updated', { wehre: () => true } as never);
    bus.emit('cart/updated', { items: 1 });
    await Promise.all([next, waited]);
    await stream.return?.();
    expect(warn.mock.calls).toEqual([
      ['[hubbub] once("cart/updated"): unknown option "timout", ignored; did you mean "timeout"?'],
      ['[hubbub] events("cart/updated"): unknown option "buffersize", ignored; did you mean "bufferSize"?'],
      ['[hubbub] waitForEvent("cart/updated"): unknown option "wehre", ignored; did you mean "where"?'],
    ]);
  });
});

describe('connectDevtools options', () => {
  it.each([
    ['a name in place of the options', 'shop', 'options must be an object, such as { trace: true }; got "shop".'],
    ['trace as text', { trace: 'yes' }, 'options.trace must be true or false; got "yes".'],
    [
      'a registry that is not one',
      { registry: {} },
      'options.registry must be the registry made by createRegistry() that defines your event types; got object.',
    ],
  ])('%s: a TypeError names the option and what to write', (_, options, message) => {
    expect(() => connectDevtoolsJs(createBus(), options)).toThrow(new TypeError(`[hubbub] connectDevtools(bus, options): ${message}`));
  });

  it('names a misspelled option instead of ignoring it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    connectDevtoolsJs(createBus(), { tarce: true })();
    expect(warn.mock.calls).toEqual([['[hubbub] connectDevtools(bus, options): unknown option "tarce", ignored; did you mean "trace"?']]);
  });
});

describe('connectTabs options', () => {
  it.each([
    ['no options', undefined, "options must be an object, such as { channel: 'shop', types, registry }; got undefined."],
    [
      'channels: [name] (connectRemote’s)',
      { ...tabs, channel: undefined, channels: ['shop'] },
      'options.channel must be the name of the BroadcastChannel, such as channel: \'shop\'; got "channels": an array instead.',
    ],
    [
      'an empty channel name',
      { ...tabs, channel: '' },
      'options.channel must be the name of the BroadcastChannel, such as channel: \'shop\'; got "".',
    ],
    [
      'no registry',
      { ...tabs, registry: undefined },
      "options.registry must be the registry that defines those types: createRegistry<Events>().define('cart/updated'); got undefined.",
    ],
    [
      'a registry that is not one',
      { ...tabs, registry: { define() {} } },
      "options.registry must be the registry that defines those types: createRegistry<Events>().define('cart/updated'); got object.",
    ],
    [
      'types as one string',
      { ...tabs, types: 'cart/updated' },
      'options.types must be an array of the event keys and classes to bridge, such as types: [\'cart/updated\', OrderPlaced]; got "cart/updated".',
    ],
    [
      'type: [...] for types',
      { ...tabs, types: undefined, type: ['cart/updated'] },
      'options.types must be an array of the event keys and classes to bridge, such as types: [\'cart/updated\', OrderPlaced]; got "type": an array instead.',
    ],
    ['onError that is not a function', { ...tabs, onError: 'log' }, 'options.onError must be a function; got "log".'],
  ])('%s: a TypeError names the option and what to write', (_, options, message) => {
    expect(() => connectTabsJs(createBus(), options)).toThrow(new TypeError(`[hubbub/tabs] connectTabs(bus, options): ${message}`));
  });

  it('warns once about an option it does not know, with the one it most likely meant, and connects', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bus = createBus<Events>();
    const received: unknown[] = [];
    bus.subscribe('cart/updated', (cart) => received.push(cart));
    const first = connectTabsJs(bus, { ...tabs, onerror: () => {} });
    const again = connectTabsJs(createBus(), { ...tabs, onerror: () => {} });
    expect(warn.mock.calls).toEqual([
      ['[hubbub/tabs] connectTabs(bus, options): unknown option "onerror", ignored; did you mean "onError"?'],
    ]);
    first();
    again();
  });

  it('takes valid options without a word', () => {
    const warn = vi.spyOn(console, 'warn');
    const disconnect = connectTabsJs(createBus(), { ...tabs, syncSticky: true, onError: () => {}, dedupe: { max: 10 } });
    expect(warn).not.toHaveBeenCalled();
    disconnect();
  });
});

describe('connectRemote options', () => {
  it.each([
    ['no options', undefined, "options must be an object, such as { url, channels: ['shop'], types, registry }; got undefined."],
    [
      'channel: name (connectTabs’)',
      { ...remote, channels: undefined, channel: 'shop' },
      'options.channels must be a non-empty array of channel names, such as channels: [\'shop\']; got "channel": "shop" instead.',
    ],
    // Used to subscribe to the channels "s", "h", "o" and "p".
    [
      'channels as one string',
      { ...remote, channels: 'shop' },
      'options.channels must be a non-empty array of channel names, such as channels: [\'shop\']; got "shop".',
    ],
    [
      'no registry',
      { ...remote, registry: undefined },
      "options.registry must be the registry that defines those types: createRegistry<Events>().define('cart/updated'); got undefined.",
    ],
    [
      'no types',
      { ...remote, types: undefined },
      "options.types must be an array of the event keys and classes to bridge, such as types: ['cart/updated', OrderPlaced]; got undefined.",
    ],
    ['a WebSocket that is not a class', { ...remote, WebSocket: {} }, 'options.WebSocket must be a function; got object.'],
  ])('%s: a TypeError names the option and what to write', (_, options, message) => {
    expect(() => connectRemoteJs(createBus(), options)).toThrow(new TypeError(`[hubbub/remote] connectRemote(bus, options): ${message}`));
  });

  it('with no WebSocket (Node before 22) the TypeError says to install ws in the app and pass it (a pnpm app cannot import hubbub’s own)', () => {
    vi.stubGlobal('WebSocket', undefined);
    try {
      expect(() => connectRemoteJs(createBus(), { ...remote, WebSocket: undefined })).toThrow(
        new TypeError(
          '[hubbub/remote] no WebSocket here (Node before 22 has none): install ws in your app (npm install ws) and pass it: import { WebSocket } from "ws"; connectRemote(bus, { ...options, WebSocket }).',
        ),
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a missing url is reported as before (onError), saying it was undefined', () => {
    const errors: Error[] = [];
    const connection = connectRemoteJs(createBus(), { ...remote, url: undefined, onError: (error: Error) => errors.push(error) });
    expect(errors.map((error) => error.message)).toEqual([
      '[hubbub/remote] options.url: undefined is not a relay URL; pass one like wss://relay.example/ws.',
    ]);
    connection.close();
  });

  it('warns once about an option it does not know, with the one it most likely meant', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    connectRemoteJs(createBus(), { ...remote, registery: registry() }).close();
    connectRemoteJs(createBus(), { ...remote, tokens: 'x' }).close();
    connectRemoteJs(createBus(), { ...remote, colour: 'x' }).close();
    expect(warn.mock.calls).toEqual([
      ['[hubbub/remote] connectRemote(bus, options): unknown option "registery", ignored; did you mean "registry"?'],
      ['[hubbub/remote] connectRemote(bus, options): unknown option "tokens", ignored; did you mean "token"?'],
      ['[hubbub/remote] connectRemote(bus, options): unknown option "colour", ignored'],
    ]);
  });
});

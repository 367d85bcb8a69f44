import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createBus, type HandlerContext, inspect } from '../../src/index';
import { collect, flush } from './fixtures';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  vi.restoreAllMocks();
});

describe('error isolation', () => {
  test('a throwing handler goes to its own onError with (error, event, ctx); the others still run', () => {
    const bus = createBus<{ a: number }>();
    const seen: unknown[] = [];
    const boom = new Error('boom');
    bus.subscribe('a', () => seen.push('first'));
    bus.subscribe(
      'a',
      () => {
        throw boom;
      },
      { onError: (error, event, ctx: HandlerContext) => seen.push([error, event, ctx.type]) },
    );
    bus.subscribe('a', () => seen.push('third'));
    bus.emit('a', 7);
    expect(seen).toEqual(['first', [boom, 7, 'a'], 'third']);
  });

  test("without its own onError, the bus's onError gets the failure", () => {
    const { errors, onError } = collect();
    const bus = createBus<{ a: undefined }>({ onError });
    bus.subscribe('a', () => {
      throw 'a string';
    });
    bus.emit('a');
    expect(errors).toEqual(['a string']);
  });

  test('the default onError logs with a [hubbub] prefix naming the event', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<{ 'cart/added': undefined }>();
    const boom = new Error('boom');
    bus.subscribe('cart/added', () => {
      throw boom;
    });
    bus.emit('cart/added');
    expect(log).toHaveBeenCalledWith('[hubbub]', '"cart/added" failed:', boom);
  });

  test('the default onError logs a throwing middleware the same way, without calling it a handler', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<{ 'cart/added': undefined }>();
    const down = new Error('auth service down');
    bus.use(
      () => {
        throw down;
      },
      { name: 'auth' },
    );
    const report = await bus.publish('cart/added');
    expect(report.errors).toEqual([down]);
    expect(log).toHaveBeenCalledWith('[hubbub]', '"cart/added" failed:', down);
  });

  test('a throwing onError is logged and the remaining handlers still run', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<{ a: undefined }>();
    const ran: string[] = [];
    bus.subscribe(
      'a',
      () => {
        throw new Error('first');
      },
      {
        onError: () => {
          throw new Error('onError too');
        },
      },
    );
    bus.subscribe('a', () => ran.push('second'));
    bus.emit('a');
    expect(ran).toEqual(['second']);
    expect(log).toHaveBeenCalledWith(
      '[hubbub]',
      expect.stringContaining('onError failed too'),
      expect.objectContaining({ message: 'onError too' }),
      expect.objectContaining({ message: 'first' }),
    );
  });

  test('a throwing bus onError is logged too, never thrown to the emitter', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<{ a: undefined }>({
      onError: () => {
        throw new Error('bus onError');
      },
    });
    bus.subscribe('a', () => {
      throw new Error('handler');
    });
    expect(() => bus.emit('a')).not.toThrow();
    expect(log).toHaveBeenCalledTimes(1);
  });

  test("emit: an async handler's rejection is caught and reported, never unhandled", async () => {
    const { errors, onError } = collect();
    const bus = createBus<{ a: undefined }>({ onError });
    bus.subscribe('a', async () => {
      await Promise.resolve();
      throw new Error('late');
    });
    bus.subscribe('a', () => Promise.reject(new Error('rejected')));
    bus.emit('a');
    await flush();
    expect(errors.map((e) => (e as Error).message).sort()).toEqual(['late', 'rejected']);
    expect(unhandled).toEqual([]);
  });

  test('emit with an inspector attached: async rejections are still caught', async () => {
    const { errors, onError } = collect();
    const bus = createBus<{ a: undefined }>({ onError });
    inspect(bus, () => {});
    bus.subscribe('a', () => Promise.reject(new Error('rejected')));
    bus.emit('a');
    await flush();
    expect(errors).toHaveLength(1);
    expect(unhandled).toEqual([]);
  });

  test('publish: failures become report entries (raw values, run order) and never reject', async () => {
    const { errors, onError } = collect();
    const bus = createBus<{ a: undefined }>({ onError });
    const sync = new Error('sync');
    bus.subscribe(
      'a',
      () => {
        throw sync;
      },
      { priority: 3 },
    );
    bus.subscribe(
      'a',
      async () => {
        throw 42;
      },
      { priority: 2 },
    );
    bus.subscribe('a', () => {}, { priority: 1 });
    const report = await bus.publish('a');
    expect(report.errors).toEqual([sync, 42]);
    expect(report.delivered).toBe(3);
    expect(errors).toEqual([sync, 42]);
    expect(unhandled).toEqual([]);
  });

  test('a failing onError adds no report entry', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<{ a: undefined }>();
    bus.subscribe(
      'a',
      () => {
        throw 'x';
      },
      {
        onError: () => {
          throw 'y';
        },
      },
    );
    expect((await bus.publish('a')).errors).toEqual(['x']);
  });

  test('a thenable that is not a Promise is handled like one', async () => {
    const { errors, onError } = collect();
    const bus = createBus<{ a: undefined }>({ onError });
    // biome-ignore lint/suspicious/noThenProperty: a foreign thenable is exactly what this test needs
    const thenable = { then: (_ok: unknown, fail: (e: unknown) => void) => fail('thenable failed') };
    bus.subscribe('a', () => thenable);
    const report = await bus.publish('a');
    expect(report.errors).toEqual(['thenable failed']);
    expect(errors).toEqual(['thenable failed']);
  });
});

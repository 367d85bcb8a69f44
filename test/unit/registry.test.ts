import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createBus, createRegistry, EventDecodeError, type StandardSchemaV1 } from '../../src/index';
import { OrderPlaced } from './fixtures';

type Events = { 'cart/added': { sku: string; qty: number; currency: string }; ping: undefined };

const cartRegistry = () =>
  createRegistry<Events>().define('cart/added', {
    version: 3,
    upcasters: {
      1: (v1: { sku: string }) => ({ ...v1, qty: 1 }),
      2: (v2: { sku: string; qty: number }) => ({ ...v2, currency: 'EUR' }),
    },
    schema: z.object({ sku: z.string(), qty: z.number().int().positive(), currency: z.string() }),
  });

const decodeError = async (promise: Promise<unknown>): Promise<EventDecodeError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EventDecodeError);
  return error as EventDecodeError;
};

describe('registry', () => {
  test('encode writes the current version; decode returns it unchanged', async () => {
    const registry = cartRegistry();
    const envelope = registry.encode('cart/added', { sku: 'tea', qty: 2, currency: 'EUR' });
    expect(envelope).toEqual({ type: 'cart/added', version: 3, data: { sku: 'tea', qty: 2, currency: 'EUR' } });
    expect(await registry.decode(JSON.parse(JSON.stringify(envelope)))).toEqual({
      type: 'cart/added',
      key: 'cart/added',
      event: { sku: 'tea', qty: 2, currency: 'EUR' },
      fromVersion: 3,
    });
  });

  test('runs the upcaster chain from an older version', async () => {
    const decoded = await cartRegistry().decode({ type: 'cart/added', version: 1, data: { sku: 'tea' } });
    expect(decoded.event).toEqual({ sku: 'tea', qty: 1, currency: 'EUR' });
    expect(decoded.fromVersion).toBe(1);
  });

  test('a missing upcaster is a clear error naming type, version and the fix', async () => {
    const registry = createRegistry().define('x', { version: 3, upcasters: { 2: (d) => d } });
    const error = await decodeError(registry.decode({ type: 'x', version: 1, data: {} }));
    expect(error.message).toMatch(/"x" v1.*no upcaster from v1 to v2; add upcasters: \{ 1:/);
    expect(error).toMatchObject({ type: 'x', version: 1 });
  });

  test('a newer version than known is refused with the fix', async () => {
    const error = await decodeError(cartRegistry().decode({ type: 'cart/added', version: 4, data: {} }));
    expect(error.message).toMatch(/v4.*newer than this app knows \(latest v3\)/);
  });

  test('schema failures (zod through Standard Schema) list the issues with paths', async () => {
    const error = await decodeError(cartRegistry().decode({ type: 'cart/added', version: 3, data: { sku: 5, qty: -1, currency: 'EUR' } }));
    expect(error.message).toMatch(/"cart\/added" v3: invalid data: sku: .*; qty: /);
    expect(error.issues?.length).toBe(2);
  });

  test('any Standard Schema v1 object works, async validators included', async () => {
    const asyncSchema: StandardSchemaV1<unknown, { n: number }> = {
      '~standard': {
        version: 1,
        vendor: 'handmade',
        validate: async (value) =>
          typeof (value as { n?: unknown })?.n === 'number'
            ? { value: { n: (value as { n: number }).n * 2 } }
            : { issues: [{ message: 'n must be a number', path: [{ key: 'n' }] }] },
      },
    };
    const registry = createRegistry().define('n', { schema: asyncSchema });
    expect((await registry.decode({ type: 'n', version: 1, data: { n: 2 } })).event).toEqual({ n: 4 });
    const error = await decodeError(registry.decode({ type: 'n', data: {} }));
    expect(error.message).toMatch(/invalid data: n: n must be a number/);
  });

  test('a throwing validator or upcaster becomes an EventDecodeError with the cause', async () => {
    const boom = new Error('validator exploded');
    const registry = createRegistry()
      .define('v', {
        schema: {
          '~standard': {
            version: 1,
            vendor: 'x',
            validate: () => {
              throw boom;
            },
          },
        },
      })
      .define('u', {
        version: 2,
        upcasters: {
          1: () => {
            throw new Error('upcast exploded');
          },
        },
      });
    expect((await decodeError(registry.decode({ type: 'v', data: 1 }))).cause).toBe(boom);
    expect((await decodeError(registry.decode({ type: 'u', data: 1 }))).message).toMatch(/upcaster from v1 failed: upcast exploded/);
  });

  test('class events: static version, rebuilt as an instance, never through a __proto__ setter', async () => {
    class Versioned {
      static type = 'versioned';
      static version = 2;
      constructor(readonly id = '') {}
    }
    const registry = createRegistry()
      .define(Versioned, { upcasters: { 1: (d: { legacyId: string }) => ({ id: d.legacyId }) } })
      .define(OrderPlaced);
    expect(registry.versionOf('versioned')).toBe(2);
    const { event, key } = await registry.decode({ type: 'versioned', version: 1, data: { legacyId: 'a' } });
    expect(event).toBeInstanceOf(Versioned);
    expect(event).toEqual(Object.assign(Object.create(Versioned.prototype), { id: 'a' }));
    expect(key).toBe(Versioned);
    const hostile = JSON.parse('{"type":"OrderPlaced","version":1,"data":{"orderId":"o1","__proto__":{"polluted":true}}}');
    const decoded = await registry.decode(hostile);
    expect(decoded.event).toBeInstanceOf(OrderPlaced);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(registry.encode(new OrderPlaced('o1', 'u1', 5))).toEqual({
      type: 'OrderPlaced',
      version: 1,
      data: { timestamp: 0, orderId: 'o1', userId: 'u1', amount: 5 },
    });
  });

  test.each([
    [null, /got null/],
    ['a string', /got string/],
    [42, /got number/],
    [[1, 2], /got an array/],
    [{}, /no string "type"/],
    [{ type: 'nope' }, /unknown event type; define it with registry.define\('nope'/],
    [{ type: 'ping', version: 0 }, /version must be a whole number >= 1, got 0/],
    [{ type: 'ping', version: '2' }, /got string/],
    [{ type: 'ping', version: 10n }, /got bigint/],
    [{ type: 'x'.repeat(100_000) }, /unknown event type/],
  ])('hostile input %# is an EventDecodeError, never a crash', async (input, message) => {
    const registry = createRegistry<Events>().define('ping');
    const error = await decodeError(registry.decode(input));
    expect(error.message).toMatch(message);
    expect(error.message.length).toBeLessThan(400);
  });

  test('an envelope whose getters throw is an EventDecodeError', async () => {
    const trap = Object.defineProperty({}, 'type', {
      get() {
        throw new Error('trap');
      },
    });
    await decodeError(createRegistry().decode(trap));
  });

  test('a revoked Proxy is an EventDecodeError, not a raw TypeError', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const error = await decodeError(createRegistry().decode(proxy));
    expect(error.message).toMatch(/reading/);
  });

  test('class event data with a "constructor" field is refused: decode never returns an event the bus cannot dispatch', async () => {
    const registry = createRegistry().define(OrderPlaced);
    const error = await decodeError(registry.decode({ type: 'OrderPlaced', version: 1, data: { orderId: 'o1', constructor: 'x' } }));
    expect(error.message).toMatch(/not a dispatchable OrderPlaced instance/);
    const wrong = createRegistry().define(OrderPlaced, { create: () => ({ orderId: 'o1' }) });
    await decodeError(wrong.decode({ type: 'OrderPlaced', version: 1, data: {} }));
  });

  test('property: decode succeeds only with a dispatchable event, and never throws anything but EventDecodeError', async () => {
    const registry = cartRegistry().define(OrderPlaced);
    const bus = createBus({ onError: () => {} });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ type: fc.constantFrom('cart/added', 'OrderPlaced', 'other'), version: fc.anything(), data: fc.anything() }),
          fc.record({
            type: fc.constant('OrderPlaced'),
            version: fc.constant(1),
            data: fc.dictionary(fc.constantFrom('constructor', 'orderId', '__proto__', 'x'), fc.anything()),
          }),
        ),
        async (input) => {
          const outcome = await registry.decode(input).then(
            ({ key, event }) => {
              if (typeof key === 'string') bus.emit(key, event);
              else bus.emit(event as object);
              return 'ok';
            },
            (e: unknown) => (e instanceof EventDecodeError ? 'decode-error' : e),
          );
          expect(['ok', 'decode-error']).toContain(outcome);
        },
      ),
      { numRuns: 300 },
    );
  });
});

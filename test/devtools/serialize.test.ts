// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, REDACTED, type SerializedValue } from '../../src/devtools/index';
import { serialize, serializeError } from '../../src/devtools/protocol-exports';

const limits = (overrides: Partial<typeof DEFAULT_LIMITS>) => ({ ...DEFAULT_LIMITS, ...overrides });
const roundTrips = (value: SerializedValue) => expect(JSON.parse(JSON.stringify(value))).toEqual(value);

describe('serialize: values JSON cannot carry', () => {
  it('keeps plain JSON as it is', () => {
    const payload = { sku: 'tea', qty: 2, tags: ['green', 'loose'], gift: false, note: null, nested: { a: [1, { b: 'c' }] } };
    expect(serialize(payload).value).toEqual(payload);
  });

  it('tags undefined, special numbers and bigints', () => {
    const { value } = serialize([undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 10n ** 30n]);
    expect(value).toEqual([
      { $hubbub: 'undefined' },
      { $hubbub: 'number', value: 'NaN' },
      { $hubbub: 'number', value: 'Infinity' },
      { $hubbub: 'number', value: '-Infinity' },
      { $hubbub: 'number', value: '-0' },
      0,
      { $hubbub: 'bigint', value: '1000000000000000000000000000000' },
    ]);
  });

  it('names functions and symbols, dates (valid or not) and regexps', () => {
    function checkout() {}
    const { value } = serialize({
      fn: checkout,
      arrow: () => 1,
      sym: Symbol('token'),
      at: new Date(Date.UTC(2026, 0, 2)),
      bad: new Date('nope'),
      re: /a+b/gi,
    });
    expect(value).toEqual({
      fn: { $hubbub: 'function', name: 'checkout' },
      arrow: { $hubbub: 'function', name: 'arrow' },
      sym: { $hubbub: 'symbol', description: 'token' },
      at: { $hubbub: 'date', iso: '2026-01-02T00:00:00.000Z' },
      bad: { $hubbub: 'date', iso: 'Invalid Date' },
      re: { $hubbub: 'regexp', source: 'a+b', flags: 'gi' },
    });
  });

  it('keeps the class name of instances, and their own fields', () => {
    class OrderPlaced {
      static type = 'order/placed';
      constructor(
        readonly orderId: string,
        readonly amount: number,
      ) {}
      get total() {
        return this.amount * 2;
      }
    }
    expect(serialize(new OrderPlaced('o1', 50)).value).toEqual({
      $hubbub: 'instance',
      className: 'OrderPlaced',
      fields: { orderId: 'o1', amount: 50 },
    });
  });

  it('serializes Maps and Sets with their real size', () => {
    const { value } = serialize({
      m: new Map<unknown, unknown>([
        ['a', 1],
        [{ k: 1 }, new Set([1, 2])],
      ]),
      s: new Set(['x']),
    });
    expect(value).toEqual({
      m: {
        $hubbub: 'map',
        size: 2,
        entries: [
          ['a', 1],
          [{ k: 1 }, { $hubbub: 'set', size: 2, values: [1, 2] }],
        ],
      },
      s: { $hubbub: 'set', size: 1, values: ['x'] },
    });
  });

  it('serializes errors with name, message and stack, whatever was thrown', () => {
    const error = new RangeError('too far');
    expect(serialize({ error }).value).toEqual({
      error: { $hubbub: 'error', error: { name: 'RangeError', message: 'too far', stack: error.stack } },
    });
    expect(serializeError('plain string')).toEqual({ name: 'string', message: 'plain string' });
    expect(serializeError(undefined)).toEqual({ name: 'undefined', message: 'undefined' });
    const hostile = {
      get name(): string {
        throw new Error('no name');
      },
      get message(): string {
        throw new Error('no message');
      },
    };
    expect(serializeError(hostile).name).toBe('Object');
    const huge = serializeError(new Error('x'.repeat(1_000_000)));
    expect(huge.message).toMatch(/^x{10000}… \(990000 more characters\)$/);
    expect(huge.stack?.length).toBeLessThan(25_000);
  });

  it('describes DOM nodes and the window instead of walking them', () => {
    const button = document.createElement('button');
    button.id = 'buy';
    button.className = 'primary big';
    const text = document.createTextNode('hello');
    expect(serialize({ button, text, doc: document, win: window }).value).toEqual({
      button: { $hubbub: 'dom', description: '<button#buy.primary.big>' },
      text: { $hubbub: 'dom', description: '#text "hello"' },
      doc: { $hubbub: 'dom', description: '#document' },
      win: { $hubbub: 'dom', description: 'Window' },
    });
  });

  it('previews typed arrays, DataViews and ArrayBuffers', () => {
    const bytes = new Uint8Array(100).map((_, i) => i);
    const { value } = serialize({ bytes, big: new BigInt64Array([1n, -2n]), view: new DataView(bytes.buffer, 2, 3), buffer: bytes.buffer });
    expect(value).toEqual({
      bytes: { $hubbub: 'typed-array', className: 'Uint8Array', length: 100, preview: Array.from({ length: 20 }, (_, i) => i) },
      big: { $hubbub: 'typed-array', className: 'BigInt64Array', length: 2, preview: [1, -2] },
      view: { $hubbub: 'typed-array', className: 'DataView', length: 3, preview: [2, 3, 4] },
      buffer: { $hubbub: 'typed-array', className: 'ArrayBuffer', length: 100, preview: Array.from({ length: 20 }, (_, i) => i) },
    });
  });

  it('sends an app object that has its own $hubbub key as an instance, so it is never misread as a marker', () => {
    expect(serialize({ $hubbub: 'date', iso: 'not really' }).value).toEqual({
      $hubbub: 'instance',
      className: 'Object',
      fields: { $hubbub: 'date', iso: 'not really' },
    });
  });

  it('turns the REDACTED symbol into the redacted marker', () => {
    expect(serialize({ user: 'ann', password: REDACTED }).value).toEqual({ user: 'ann', password: { $hubbub: 'redacted' } });
  });
});

describe('serialize: hostile payloads never throw', () => {
  it('marks cycles with the path of the object they point back to', () => {
    const order: Record<string, unknown> = { id: 'o1', lines: [] };
    (order.lines as unknown[]).push({ order });
    order.self = order;
    expect(serialize(order).value).toEqual({
      id: 'o1',
      lines: [{ order: { $hubbub: 'circular', path: '$' } }],
      self: { $hubbub: 'circular', path: '$' },
    });
  });

  it('formats the path of a deep cycle target', () => {
    const line: Record<string, unknown> = { sku: 'tea' };
    const order = { lines: [line], meta: new Map([['first', line]]) };
    line.parent = order.lines;
    expect(serialize(order).value).toEqual({
      lines: [{ sku: 'tea', parent: { $hubbub: 'circular', path: '$.lines' } }],
      meta: { $hubbub: 'map', size: 1, entries: [['first', { sku: 'tea', parent: [{ $hubbub: 'circular', path: '$.meta<value 0>' }] }]] },
    });
  });

  it('shows a shared (non-cyclic) object twice instead of calling it circular', () => {
    const shared = { a: 1 };
    expect(serialize({ x: shared, y: shared }).value).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });

  it('reports a throwing getter as unreadable and keeps the other fields', () => {
    const payload = {
      ok: 1,
      get broken(): number {
        throw new Error('getter exploded');
      },
    };
    expect(serialize(payload).value).toEqual({ ok: 1, broken: { $hubbub: 'unreadable', reason: 'getter exploded' } });
  });

  it('survives proxies whose traps throw, and revoked proxies', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const hostile = new Proxy({}, { ownKeys: trap, get: trap, getPrototypeOf: trap });
    const { proxy: revoked, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    const { value } = serialize({ hostile, revoked, fine: new Proxy({ a: 1 }, {}) });
    expect(value).toMatchObject({
      hostile: { $hubbub: 'unreadable', reason: 'trap' },
      revoked: { $hubbub: 'unreadable' },
      fine: { a: 1 },
    });
  });

  it('cuts deep nesting with a depth marker', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    let node = serialize(deep, limits({ maxDepth: 3 })).value as Record<string, unknown>;
    node = (node.next as Record<string, unknown>).next as Record<string, unknown>;
    expect(node.next).toEqual({ $hubbub: 'truncated', reason: 'depth', omitted: 1, preview: 'Object' });
  });

  it('keeps maxKeys keys or items and says how many were left out', () => {
    const wide = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    expect(serialize(wide, limits({ maxKeys: 3 })).value).toEqual({
      k0: 0,
      k1: 1,
      k2: 2,
      '…': { $hubbub: 'truncated', reason: 'keys', omitted: 7 },
    });
    expect(
      serialize(
        Array.from({ length: 10 }, (_, i) => i),
        limits({ maxKeys: 2 }),
      ).value,
    ).toEqual([0, 1, { $hubbub: 'truncated', reason: 'keys', omitted: 8 }]);
    const map = serialize(new Map(Array.from({ length: 10 }, (_, i) => [i, i])), limits({ maxKeys: 2 })).value;
    expect(map).toEqual({
      $hubbub: 'map',
      size: 10,
      entries: [
        [0, 0],
        [1, 1],
      ],
    });
  });

  it('cuts long strings, keeping their start', () => {
    const { value } = serialize({ blob: 'x'.repeat(50) }, limits({ maxString: 10 }));
    expect(value).toEqual({ blob: { $hubbub: 'truncated', reason: 'string', omitted: 40, preview: 'xxxxxxxxxx' } });
  });

  it('stops at the byte budget with a size marker, and says so', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ id: i, text: 'y'.repeat(100) }));
    const { value, bytes } = serialize(rows, limits({ maxBytes: 10_000 }));
    const list = value as SerializedValue[];
    expect(list.length).toBeLessThan(200);
    expect(list.at(-1)).toEqual({ $hubbub: 'truncated', reason: 'size', omitted: 1000 - (list.length - 1) });
    expect(bytes).toBeLessThan(12_000);
    expect(JSON.stringify(value).length).toBeLessThan(12_000);
  });

  it('keeps a huge, wide and deep payload bounded', () => {
    const row = { a: new Array(1000).fill('z'.repeat(1000)) };
    const huge = new Array(10_000).fill(row);
    const { value } = serialize(huge);
    expect(JSON.stringify(value).length).toBeLessThan(DEFAULT_LIMITS.maxBytes + DEFAULT_LIMITS.maxString * 2);
  });

  it('always produces JSON that round-trips, for any value fast-check can think of', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
        }),
        (x) => {
          roundTrips(serialize(x).value);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('serialize: every string it writes is capped', () => {
  const max = 100;
  const capped = limits({ maxString: max, maxBytes: 64 * 1024 });
  const long = 'n'.repeat(1_000_000);
  /** The longest string anywhere in a serialized value (keys included). */
  const longestString = (value: unknown): number => {
    if (typeof value === 'string') return value.length;
    if (value === null || typeof value !== 'object') return 0;
    let longest = 0;
    for (const [key, item] of Object.entries(value)) longest = Math.max(longest, key.length, longestString(item));
    return longest;
  };
  const cases: [string, () => unknown][] = [
    ['an object key', () => ({ [long]: 1 })],
    ['a Symbol description', () => Symbol(long)],
    ['a function name', () => Object.defineProperty(() => {}, 'name', { value: long })],
    ['a class name', () => new (Object.defineProperty(class {}, 'name', { value: long }))()],
    ['an element id', () => Object.assign(document.createElement('div'), { id: long })],
    [
      'element classes',
      () => {
        const div = document.createElement('div');
        div.className = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(' ');
        return div;
      },
    ],
    ['a custom element name', () => document.createElement(`x-${'a'.repeat(10_000)}`)],
    ['a RegExp source', () => new RegExp(long)],
    ['BigInt digits', () => 7n ** 100_000n],
    ['a negative BigInt', () => -(7n ** 100_000n)],
    ['an error message and stack', () => Object.assign(new Error(long), { stack: long })],
    ['an error name', () => Object.assign(new Error('x'), { name: long })],
    [
      'what a getter threw',
      () => ({
        get broken(): number {
          throw new Error(long);
        },
      }),
    ],
    ['a string value', () => ({ text: long })],
  ];
  for (const [name, make] of cases) {
    it(`caps ${name}`, () => {
      const { value, bytes } = serialize(make(), capped);
      const json = JSON.stringify(value);
      // A cut string keeps maxString characters plus a short note of how many were left out (stacks: twice).
      expect(longestString(value)).toBeLessThanOrEqual(2 * max + 40);
      expect(json.length).toBeLessThan(4 * max + 400);
      // Weighed by what is written: the estimate is never far below the JSON.
      expect(bytes).toBeGreaterThanOrEqual(json.length * 0.5);
    });
  }

  it('weighs names by their length, so many long keys reach the size budget', () => {
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`${i}`.padEnd(5000, 'k'), i]));
    const { value, bytes } = serialize(wide, limits({ maxBytes: 20_000 }));
    expect(JSON.stringify(value).length).toBeLessThan(20_000 + 10_000);
    expect(bytes).toBeGreaterThan(20_000);
    expect((value as Record<string, unknown>)['…']).toMatchObject({ $hubbub: 'truncated', reason: 'size' });
  });

  it('turns an enormous BigInt into the start of its hex digits, not decimal', () => {
    expect(serialize(2n ** 200_000n, capped).value).toEqual({
      $hubbub: 'truncated',
      reason: 'string',
      omitted: 50_001 - max,
      preview: `0x1${'0'.repeat(max - 1)}`,
    });
    expect(serialize(-(10n ** 20n), capped).value).toEqual({ $hubbub: 'bigint', value: '-100000000000000000000' });
  });
});

describe('serialize: the fast path for small flat objects', () => {
  /** The same fields without Object.prototype: always taken by the general walker. */
  const viaWalker = (value: Record<string, unknown>) => serialize(Object.assign(Object.create(null), value));

  it('gives exactly what the walker gives (value and size) for small plain objects of JSON primitives', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 12 }),
          fc.oneof(fc.string({ maxLength: 40 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
          { maxKeys: 20 },
        ),
        (value) => {
          const fast = serialize(value);
          const walked = viaWalker(value);
          expect(fast.value).toEqual(walked.value);
          expect(fast.bytes).toBe(walked.bytes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves markers, caps and redaction to the walker', () => {
    expect(serialize({ n: Number.NaN, z: -0 }).value).toEqual({
      n: { $hubbub: 'number', value: 'NaN' },
      z: { $hubbub: 'number', value: '-0' },
    });
    expect(serialize({ $hubbub: 'x' }).value).toEqual({ $hubbub: 'instance', className: 'Object', fields: { $hubbub: 'x' } });
    expect(serialize({ s: 'abcdef' }, { ...DEFAULT_LIMITS, maxString: 3 }).value).toMatchObject({
      s: { $hubbub: 'truncated', reason: 'string' },
    });
    expect(serialize({ a: 1, b: 2 }, { ...DEFAULT_LIMITS, maxKeys: 1 }).value).toMatchObject({ a: 1, '…': { reason: 'keys' } });
    expect(serialize({ a: 1 }, { ...DEFAULT_LIMITS, maxDepth: 0 }).value).toMatchObject({ $hubbub: 'truncated', reason: 'depth' });
    expect(serialize({ password: 'x', name: 'ann' }, DEFAULT_LIMITS, (k) => k === 'password').value).toEqual({
      password: REDACTED_MARKER,
      name: 'ann',
    });
    const tricky = JSON.parse('{"__proto__": 1, "a": 2}') as Record<string, unknown>;
    expect(Object.keys(serialize(tricky).value as object)).toEqual(['__proto__', 'a']);
    const getter = {
      a: 1,
      get b(): number {
        throw new Error('nope');
      },
    };
    expect(serialize(getter).value).toEqual({ a: 1, b: { $hubbub: 'unreadable', reason: 'nope' } });
  });

  it('copies the fields, so a payload changed after emit is shown as it was', () => {
    const payload = { qty: 1 };
    const { value } = serialize(payload);
    payload.qty = 2;
    expect(value).toEqual({ qty: 1 });
  });
});

const REDACTED_MARKER = { $hubbub: 'redacted' };

import { describe, expect, test } from 'vitest';
import { createRegistry, EventDecodeError, type StandardSchemaV1 } from '../../src/index';
import { OrderPlaced } from './fixtures';

const decodeError = async (promise: Promise<unknown>): Promise<EventDecodeError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EventDecodeError);
  return error as EventDecodeError;
};

/** A hand-written Standard Schema whose validate is `validate`: validators in the wild are not all well-behaved. */
const schemaOf = (validate: (value: unknown) => unknown): StandardSchemaV1 =>
  ({ '~standard': { version: 1, vendor: 'handmade', validate } }) as StandardSchemaV1;

describe('registry.define: a wrong definition fails at once, naming the problem and the fix', () => {
  test.each([
    ['null', null],
    ['a number', 123],
    ['a plain object', {}],
    ['an arrow function (no prototype, so no instance can be rebuilt)', () => {}],
  ])('a key that is %s is a TypeError', (_what, key) => {
    expect(() => createRegistry().define(key as never)).toThrow(
      /\[hubbub\] registry\.define\(key\): key must be an event key string or an event class/,
    );
  });

  test.each([
    ['null', null],
    ['a number', 5],
    ['a string', 'v2'],
  ])('a definition that is %s is a TypeError', (_what, definition) => {
    expect(() => createRegistry().define('x', definition as never)).toThrow(
      /\[hubbub\] registry\.define\("x"\): the definition must be an object \{ version\?, schema\?, upcasters\?, create\? \}/,
    );
  });

  test('a version beyond Number.MAX_SAFE_INTEGER is refused (v + 1 === v there, so the upcaster loop never ended)', () => {
    const top = 2 ** 53;
    expect(() =>
      createRegistry().define('x', { version: top + 2, upcasters: { [top]: (data: unknown) => data, [top + 1]: (data: unknown) => data } }),
    ).toThrow(/registry\.define\("x"\): version must be a whole number from 1 to 9007199254740991/);
  });

  test("a class's static version that is not a number is refused, not silently read as 1", () => {
    class Stringly {
      static type = 'stringly';
      static version = '2';
      readonly id = '';
    }
    expect(() => createRegistry().define(Stringly)).toThrow(/registry\.define\("stringly"\): version must be a whole number .*got "2"/);
  });

  test('a schema that is no Standard Schema is refused at define, not blamed on every envelope later', () => {
    expect(() => createRegistry().define('x', { schema: {} as never })).toThrow(
      /registry\.define\("x"\): schema must be a Standard Schema v1 validator .*zod/,
    );
    expect(() => createRegistry().define('x', { schema: { parse: () => 1 } as never })).toThrow(/schema must be a Standard Schema/);
  });

  test('a create that is not a function is refused', () => {
    expect(() => createRegistry().define(OrderPlaced, { create: 5 as never })).toThrow(
      /registry\.define\("OrderPlaced"\): create must be a function \(data\) => instance/,
    );
  });

  test.each(['*', 'cart/*', 'cart/**'])("%s is refused: '*' and patterns name subscriptions, not events", (key) => {
    expect(() => createRegistry().define(key)).toThrow(`registry.define("${key}"): '*' and patterns are for subscribing`);
  });

  test('a misspelt option is refused, naming the ones a definition takes', () => {
    const upcast = (data: { n: number }) => ({ count: data.n });
    expect(() => createRegistry().define('x', { version: 2, upcaster: { 1: upcast } } as never)).toThrow(
      'registry.define("x"): unknown option "upcaster"; a definition takes version, schema, upcasters, create.',
    );
  });

  test('upcasters that are not functions are refused', () => {
    expect(() => createRegistry().define('x', { version: 2, upcasters: { 1: 'nope' as never } })).toThrow(
      /registry\.define\("x"\): upcasters\[1\] must be a function \(v1 data\) => v2 data/,
    );
    expect(() => createRegistry().define('x', { version: 2, upcasters: null as never })).toThrow(
      /registry\.define\("x"\): upcasters must be an object/,
    );
  });

  test('an upcaster at or above the current version is refused: it could never run', () => {
    expect(() => createRegistry().define('x', { version: 2, upcasters: { 1: (data) => data, 2: (data) => data } })).toThrow(
      /registry\.define\("x"\): upcasters\[2\] upcasts v2 to v3, but the current version is 2: raise version to 3, or remove it/,
    );
    expect(() => createRegistry().define('x', { upcasters: { 0: (data) => data } })).toThrow(/upcasters\[0\]/);
    expect(() => createRegistry().define('x', { version: 3, upcasters: { one: (data: unknown) => data } as never })).toThrow(
      /upcasters\["one"\]: keys must be versions/,
    );
  });

  test('a gap in the upcaster chain is refused: the upcasters below it could never run', () => {
    expect(() => createRegistry().define('x', { version: 4, upcasters: { 1: (data) => data, 3: (data) => data } })).toThrow(
      /registry\.define\("x"\): no upcaster from v2 to v3, so upcasters\[1\] could never run; add upcasters: \{ 2: \(data\) => \.\.\. \}/,
    );
    // A chain that starts late (older versions deliberately dropped) is fine.
    expect(() => createRegistry().define('x', { version: 4, upcasters: { 2: (data) => data, 3: (data) => data } })).not.toThrow();
  });

  test('two keys with the same type name are refused (two classes minified to the same name, or a string and a class)', () => {
    class First {
      static type = 'dup';
      readonly first = true;
    }
    class Second {
      static type = 'dup';
      readonly second = true;
    }
    expect(() => createRegistry().define(First).define(Second)).toThrow(
      /registry\.define\("dup"\): "dup" is already defined for another key \(class First\); give each class its own static type/,
    );
    expect(() => createRegistry().define('dup').define(First)).toThrow(/already defined for another key \(the string key "dup"\)/);
    // The same key again replaces its definition, as documented.
    const registry = createRegistry()
      .define(First)
      .define(First, { version: 2, upcasters: { 1: (data) => data } });
    expect(registry.versionOf('dup')).toBe(2);
  });
});

describe('registry.decode: only a dispatchable event or an EventDecodeError', () => {
  test('a validator that returns something that is no result is an EventDecodeError, never a success with undefined', async () => {
    for (const returned of [undefined, 5, 'ok', {}]) {
      const registry = createRegistry().define('x', { schema: schemaOf(() => returned) });
      const error = await decodeError(registry.decode({ type: 'x', version: 1, data: { id: 1 } }));
      expect(error.message).toMatch(/"x" v1: its validator returned .*, not a Standard Schema result \(\{ value \} or \{ issues \}\)/);
    }
  });

  test('malformed issues are still described, type and version kept', async () => {
    const registry = createRegistry()
      .define('not-array', { schema: schemaOf(() => ({ issues: 'bad' })) })
      .define('null-segment', { schema: schemaOf(() => ({ issues: [{ message: 'too short', path: [null, { key: 'name' }] }] })) })
      .define('empty', { schema: schemaOf(() => ({ issues: [] })) });
    expect((await decodeError(registry.decode({ type: 'not-array', data: 1 }))).message).toMatch(/"not-array" v1: its validator returned/);
    expect((await decodeError(registry.decode({ type: 'null-segment', data: 1 }))).message).toMatch(
      /"null-segment" v1: invalid data: null\.name: too short/,
    );
    expect((await decodeError(registry.decode({ type: 'empty', data: 1 }))).message).toMatch(
      /"empty" v1: invalid data \(its validator listed no issue\)/,
    );
  });

  test('issue messages are bounded: a validator may echo the untrusted input', async () => {
    const registry = createRegistry().define('x', { schema: schemaOf(() => ({ issues: [{ message: 'm'.repeat(100_000) }] })) });
    const error = await decodeError(registry.decode({ type: 'x', data: 1 }));
    expect(error.message.length).toBeLessThan(400);
  });

  test('a thrown value that cannot be printed is still an EventDecodeError, with type and version', async () => {
    const unprintable = Object.create(null) as object;
    const registry = createRegistry()
      .define('upcast', {
        version: 2,
        upcasters: {
          1: () => {
            throw unprintable;
          },
        },
      })
      .define('issues', {
        schema: schemaOf(() => ({
          get issues() {
            throw unprintable;
          },
        })),
      });
    const upcast = await decodeError(registry.decode({ type: 'upcast', version: 1, data: 1 }));
    expect(upcast.message).toMatch(/"upcast" v1: the upcaster from v1 failed: an unprintable value/);
    expect(upcast.cause).toBe(unprintable);
    const issues = await decodeError(registry.decode({ type: 'issues', data: 1 }));
    expect(issues.message).toMatch(/"issues" v1: its validator/);
  });

  test('control characters of an untrusted type are escaped in the message (no forged log lines)', async () => {
    const error = await decodeError(createRegistry().decode({ type: 'x\n[hubbub] all good', data: 1 }));
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('x\\n[hubbub] all good');
  });

  test('a null version says null', async () => {
    const error = await decodeError(createRegistry().define('x').decode({ type: 'x', version: null, data: 1 }));
    expect(error.message).toMatch(/version must be a whole number >= 1, got null/);
  });

  test('class event data that is an array is refused', async () => {
    const error = await decodeError(
      createRegistry()
        .define(OrderPlaced)
        .decode({ type: 'OrderPlaced', version: 1, data: ['o1'] }),
    );
    expect(error.message).toMatch(/"OrderPlaced" v1: class event data must be an object of its fields, got an array/);
  });
});

describe('registry.encode: bad input gets a clear error, never an envelope nobody can decode', () => {
  test.each([
    ['null', null],
    ['a number', 5],
    ['a plain object', { orderId: 'o1' }],
  ])('encoding %s is a TypeError naming the fix', (_what, event) => {
    expect(() =>
      createRegistry()
        .define(OrderPlaced)
        .encode(event as never),
    ).toThrow(/\[hubbub\] registry\.encode\(event\): expected an instance of a defined event class, or registry\.encode\(key, payload\)/);
  });

  test('a type the registry does not define is refused: stamping it v1 would be upcast wrongly on the other side', () => {
    expect(() => createRegistry().encode('nope' as never, 1 as never)).toThrow(
      /\[hubbub\] registry\.encode\("nope"\): the type is not defined; add registry\.define\('nope', \.\.\.\) first/,
    );
    expect(() => createRegistry().encode(new OrderPlaced('o1'))).toThrow(/registry\.encode\("OrderPlaced"\): the type is not defined/);
  });
});

// A pattern subscription whose handler infers its parameters (`(event, ctx) => ...`), on an event
// map of 2000 keys. TypeScript infers a call's type arguments from every argument: when a pattern
// entry point named `E[KeysMatching<E, P>]` and `KeysMatching<E, P>` in its handler, inferring P
// from the handler went through every key of the map while P was still unknown, for each call
// (about 450 ms per subscription at this size, and 90,000 to 150,000 type instantiations for the
// first call on each entry point). Each entry point is checked in a file of its own, after one
// that sets the bus up, so the instantiations of a file are what its one call costs: counted,
// as they are deterministic, where time is not. The handlers' types are checked for exactness too.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** Files that exist only in memory, inside the repository so the tsconfig's paths resolve `hubbub`. */
const dir = `${root}test/types/scale/__pattern-inference__/`;

const KEY_COUNT = 2000;
/** One call costs about 5,000 instantiations with the fix (mostly the pattern's own matching), 95,000 or more without. */
const MAX_INSTANTIATIONS_PER_CALL = 25_000;

/** `feature3/area1/changed2`-like keys, 40 per feature, with object, string and payload-less payloads. */
const eventMap = (): string => {
  const entries: string[] = [];
  for (let index = 0; index < KEY_COUNT; index++) {
    const feature = `feature${Math.floor(index / 40)}`;
    const key = index % 40 < 4 ? `${feature}/changed${index % 4}` : `${feature}/area${Math.floor((index % 40) / 8)}/changed${index % 8}`;
    const payload = index % 3 === 0 ? 'undefined' : index % 3 === 1 ? 'string' : `{ ${feature}Id: string; at${index}: number }`;
    entries.push(`  '${key}': ${payload};`);
  }
  return `export type Events = {\n${entries.join('\n')}\n};\n`;
};

/** The payloads and keys `'feature1/*'` matches, written out: what a handler of it must get, exactly. */
const MATCHED = ['feature1/changed0', 'feature1/changed1', 'feature1/changed2', 'feature1/changed3'];
const EXACT = `type Exact<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expected = ${MATCHED.map((key) => `Events['${key}']`).join(' | ')};
type ExpectedKey = ${MATCHED.map((key) => `'${key}'`).join(' | ')};
`;
const header = `import type { Events } from './events';\nimport { bus, recorder, testBus, useEvent } from './setup';\n${EXACT}`;

/** File name to source; checked in this order. */
const files: Record<string, string> = {
  'events.ts': eventMap(),
  'setup.ts': `import { createBus, once } from 'hubbub';
import { createBusHooks } from 'hubbub/react';
import { createTestBus } from 'hubbub/testing';
import type { BusRecorder } from 'hubbub/testing/playwright';
import type { Events } from './events';
export const bus = createBus<Events>();
export const testBus = createTestBus<Events>();
export const { useEvent } = createBusHooks<Events>();
export declare const recorder: BusRecorder<Events>;
bus.subscribe('feature0/changed1', (payload, ctx) => void [payload.length, ctx.type]);
bus.subscribe('feature0/*', () => {});
export const first = once(bus, 'feature0/changed1');
`,
  'subscribe.ts': `${header}
bus.subscribe('feature1/*', (event, ctx) => {
  const exact: [Exact<typeof event, Expected>, Exact<typeof ctx.type, ExpectedKey>] = [true, true];
  return exact;
}, { onError: (_error, event, ctx) => void [event, ctx.type] });
`,
  'use-event.tsx': `${header}
export function Feature() {
  useEvent('feature1/*', (event, ctx) => {
    const exact: [Exact<typeof event, Expected>, Exact<typeof ctx.type, ExpectedKey>] = [true, true];
    return exact;
  });
  return null;
}
`,
  'wait-for-event.ts': `${header}
import { waitForEvent } from 'hubbub/testing';
export const next = waitForEvent(testBus, 'feature1/*', { where: (event, ctx) => event !== undefined && ctx.depth === 0 });
export const exact: Exact<Awaited<typeof next>, Expected> = true;
`,
  'recorder.ts': `${header}
export const next = recorder.waitFor('feature1/*', { where: (record) => record.type !== '' });
export const exact: Exact<Awaited<typeof next>['payload'], import('hubbub/testing/playwright').Recorded<Expected>> = true;
`,
  'once.ts': `${header}
import { once } from 'hubbub';
export const next = once(bus, 'feature1/*', { where: (event, ctx) => event !== undefined && ctx.depth === 0 });
export const exact: Exact<Awaited<typeof next>, Expected> = true;
`,
  'events-stream.ts': `${header}
import { events } from 'hubbub';
export async function read() {
  for await (const event of events(bus, 'feature1/*')) {
    const exact: Exact<typeof event, Expected> = true;
    return exact;
  }
}
`,
};

/** Diagnostics and instantiations of each file, type-checked with the repository's own tsconfig. */
const check = (): Map<string, { readonly errors: readonly string[]; readonly instantiations: number }> => {
  const configPath = `${root}tsconfig.json`;
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  const inMemory = new Map(Object.entries(files).map(([name, text]) => [`${dir}${name}`, text]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  host.fileExists = (file) => inMemory.has(file) || fileExists.call(host, file);
  host.readFile = (file) => inMemory.get(file) ?? readFile.call(host, file);
  host.directoryExists = (path) => `${path}/` === dir || path === dir || (directoryExists?.call(host, path) ?? true);
  host.getSourceFile = (file, language, ...rest) => {
    const text = inMemory.get(file);
    return text === undefined
      ? getSourceFile.call(host, file, language, ...rest)
      : ts.createSourceFile(file, text, language, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  };
  const program = ts.createProgram({ rootNames: [...inMemory.keys()], options, host });
  const results = new Map<string, { errors: string[]; instantiations: number }>();
  for (const name of Object.keys(files)) {
    const source = program.getSourceFile(`${dir}${name}`);
    if (!source) throw new Error(`${name} was not compiled`);
    const before = program.getInstantiationCount();
    const errors = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
      (diagnostic) =>
        `${name}:${source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
    );
    results.set(name, { errors, instantiations: program.getInstantiationCount() - before });
  }
  return results;
};

let results: ReturnType<typeof check>;
beforeAll(() => {
  results = check();
}, 60_000);

describe(`a pattern whose handler infers its parameters, on a map of ${KEY_COUNT} keys`, () => {
  it('compiles, the handler getting exactly the matching payloads and keys', () => {
    expect([...results.values()].flatMap(({ errors }) => errors)).toEqual([]);
  });

  it.each([
    ['bus.subscribe', 'subscribe.ts'],
    ['useEvent', 'use-event.tsx'],
    ['waitForEvent', 'wait-for-event.ts'],
    ['recorder.waitFor', 'recorder.ts'],
    ['once', 'once.ts'],
    ['events', 'events-stream.ts'],
  ])(`%s: one call takes fewer than ${MAX_INSTANTIATIONS_PER_CALL.toLocaleString('en')} instantiations`, (_, file) => {
    expect(results.get(file)?.instantiations).toBeLessThan(MAX_INSTANTIATIONS_PER_CALL);
  });
});

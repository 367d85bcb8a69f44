// What TypeScript says about a key without its payload (or with the wrong one), checked on the
// compiler's own diagnostics: an @ts-expect-error only proves there is an error, not that it
// reads well. `emit('cart/added')` used to report the class-instance overload ("Argument of type
// 'string' is not assignable to parameter of type 'object'"); it must say what is missing.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** A file that exists only in memory, inside the repository so the tsconfig's paths resolve `hubbub`. */
const snippetPath = `${root}test/types/__missing-payload-snippet__.tsx`;

/** One call per line; `// [case]` names the line's case. */
const snippet = `
import { createBus, type Bus } from 'hubbub';
import { createBusHooks } from 'hubbub/react';
import { createTestBus } from 'hubbub/testing';
type Events = { 'cart/added': { sku: string }; 'app/ready': void };
class OrderPlaced { constructor(readonly orderId: string) {} }
const bus = createBus<Events>();
const { usePublish } = createBusHooks<Events>();
bus.emit('cart/added'); // [emit without payload]
void bus.publish('cart/added'); // [publish without payload]
bus.subscribe('app/ready', (_, ctx) => ctx.emit('cart/added')); // [ctx.emit without payload]
bus.subscribe('app/ready', (_, ctx) => void ctx.publish('cart/added')); // [ctx.publish without payload]
export const Buy = () => { const publish = usePublish(); void publish('cart/added'); return null; }; // [usePublish without payload]
createTestBus<Events>().emit('cart/added'); // [test bus without payload]
bus.emit('cart/added', 'tea'); // [emit with a wrong payload]
void bus.publish('cart/added', { sku: 1 }); // [publish with a wrong field]
bus.emit('cart/added', { sku: 'tea' }, 2); // [emit with too many arguments]
bus.emit('cart/removed'); // [emit of an unknown key]
export function helper<E extends { ping: number }>(b: Bus<E>) { b.emit('ping'); } // [generic helper without payload]
bus.emit('app/ready'); bus.emit(new OrderPlaced('o1')); void bus.publish(new OrderPlaced('o1')); // [valid calls]
`;

interface Reported {
  /** The message and its chain, flattened, then each related message. */
  readonly text: string;
  readonly related: readonly string[];
}

/** The diagnostics of the snippet, by case name; type-checked with the repository's own tsconfig. */
const diagnose = (): Map<string, Reported[]> => {
  const configPath = `${root}tsconfig.json`;
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file === snippetPath || fileExists.call(host, file);
  host.readFile = (file) => (file === snippetPath ? snippet : readFile.call(host, file));
  host.getSourceFile = (file, language, ...rest) =>
    file === snippetPath
      ? ts.createSourceFile(file, snippet, language, true, ts.ScriptKind.TSX)
      : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram({ rootNames: [snippetPath], options, host });
  const source = program.getSourceFile(snippetPath);
  if (!source) throw new Error('the snippet was not compiled');
  const lines = snippet.split('\n');
  const byCase = new Map<string, Reported[]>();
  for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
    const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    const name = /\/\/ \[(.+)\]$/.exec(lines[line] ?? '')?.[1] ?? `line ${line + 1}`;
    const reported: Reported = {
      text: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      related: (diagnostic.relatedInformation ?? []).map((info) => ts.flattenDiagnosticMessageText(info.messageText, '\n')),
    };
    byCase.set(name, [...(byCase.get(name) ?? []), reported]);
  }
  return byCase;
};

let reports = new Map<string, Reported[]>();
const only = (name: string): Reported => {
  const found = reports.get(name) ?? [];
  expect(found, `${name}: ${JSON.stringify(found)}`).toHaveLength(1);
  return found[0] as Reported;
};

beforeAll(() => {
  reports = diagnose();
}, 60_000);

describe('a key without its payload, as TypeScript reports it', () => {
  it.each([
    'emit without payload',
    'publish without payload',
    'ctx.emit without payload',
    'ctx.publish without payload',
    'usePublish without payload',
    'test bus without payload',
  ])('%s: "Expected 2 arguments, but got 1." pointing at the payload, not at class instances', (name) => {
    const { text, related } = only(name);
    expect(text).toBe('Expected 2 arguments, but got 1.');
    expect(related).toContain("Arguments for the rest parameter 'payload' were not provided.");
    expect([text, ...related].join('\n')).not.toMatch(/'object'/);
  });

  it('a wrong payload names the key payload type', () => {
    expect(only('emit with a wrong payload').text).toBe(
      "Argument of type 'string' is not assignable to parameter of type '{ sku: string; }'.",
    );
    const field = only('publish with a wrong field');
    expect(field.text).toBe("Type 'number' is not assignable to type 'string'.");
    expect(field.related).toContain("The expected type comes from property 'sku' which is declared here on type '{ sku: string; }'");
  });

  it('too many arguments and an unknown key read as before, with no overload list', () => {
    expect(only('emit with too many arguments').text).toBe('Expected 2 arguments, but got 3.');
    expect(only('emit of an unknown key').text).toBe(
      "Argument of type '\"cart/removed\"' is not assignable to parameter of type 'StringKey<Events>'.",
    );
  });

  it('in a helper generic in its events, the payload tuple is named, not the class overload', () => {
    const { text } = only('generic helper without payload');
    expect(text).toBe("Argument of type '[]' is not assignable to parameter of type 'PayloadArgs<E[\"ping\"]>'.");
  });

  it('nothing else in the snippet is an error', () => {
    expect([...reports.keys()].sort()).toEqual(
      [
        'emit without payload',
        'publish without payload',
        'ctx.emit without payload',
        'ctx.publish without payload',
        'usePublish without payload',
        'test bus without payload',
        'emit with a wrong payload',
        'publish with a wrong field',
        'emit with too many arguments',
        'emit of an unknown key',
        'generic helper without payload',
      ].sort(),
    );
  });
});

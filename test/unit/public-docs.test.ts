// Every export a user can import has JSDoc with a short example (the project's style rule): checked
// over the package's typed entries as the compiler sees them, so a new export without one fails here.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packageEntries, typedEntries } from '../../scripts/package-entries';

const program = ts.createProgram(
  typedEntries.map((entry) => packageEntries[entry]),
  {
    strict: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    jsx: ts.JsxEmit.ReactJSX,
    noEmit: true,
  },
);
const checker = program.getTypeChecker();

/** The names an entry exports, each with what its documentation lacks (nothing when complete). */
const exportsOf = (entry: (typeof typedEntries)[number]) => {
  const source = program.getSourceFile(packageEntries[entry]);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${packageEntries[entry]} did not load as a module`);
  return checker.getExportsOfModule(module).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const documented = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '';
    const example = symbol.getJsDocTags(checker).some((tag) => tag.name === 'example');
    return { name: exported.name, lacks: [...(documented ? [] : ['JSDoc']), ...(example ? [] : ['@example'])] };
  });
};

describe('public exports are documented', () => {
  it.each(typedEntries)('every export of the %s entry has JSDoc with an @example', (entry) => {
    const exported = exportsOf(entry);
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.filter((item) => item.lacks.length > 0).map((item) => `${item.name}: no ${item.lacks.join(', no ')}`)).toEqual([]);
  });
});

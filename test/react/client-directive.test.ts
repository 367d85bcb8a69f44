// hubbub/react as the package build bundles it (vite.config.ts): the provider and hooks in a chunk
// whose first statement is 'use client', createBusHooks apart from them. A React Server Components
// bundler (Next.js's App Router) then gives a server component that imports 'hubbub/react' client
// references instead of running createContext where the server's React has none.
// test/consumer loads the packed package the way such a server does.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';
import { keepClientDirective } from '../../scripts/client-directive';

const root = fileURLToPath(new URL('../..', import.meta.url));
const startsWithClientDirective = /^(['"])use client\1;/;

const chunksOf = async (config: InlineConfig): Promise<Rolldown.OutputChunk[]> => {
  const result = await build({ logLevel: 'silent', ...config, build: { ...config.build, write: false } });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((output) => output.output).filter((output): output is Rolldown.OutputChunk => output.type === 'chunk');
};

describe("the package build keeps hubbub/react's client code behind 'use client'", () => {
  it('bundles the provider and hooks into chunks that start with it, and leaves createBusHooks and the core out', async () => {
    const chunks = await chunksOf({ root, configFile: join(root, 'vite.config.ts') });
    const ours = (chunk: Rolldown.OutputChunk) => chunk.moduleIds.filter((id) => !id.startsWith('\0'));
    const provider = chunks.find((chunk) => chunk.moduleIds.some((id) => id.endsWith('src/react/bus-context.ts')));
    expect(provider?.code).toMatch(startsWithClientDirective);
    // Only React client code: the core marked 'use client' would become client references on the server.
    expect(ours(provider!).filter((id) => !id.includes('/src/react/'))).toEqual([]);
    // Exported by name, so a server's error says "Attempted to call useEvent() from the server".
    expect(provider?.exports).toEqual(expect.arrayContaining(['BusProvider', 'useBus', 'useEvent', 'useLatestEvent', 'usePublish']));

    const entry = chunks.find((chunk) => chunk.isEntry && chunk.name === 'react');
    expect(entry?.code).toContain('createBusHooks');
    expect(entry?.code).not.toMatch(startsWithClientDirective);
    expect(entry?.imports).not.toContain('react');
    expect(entry?.imports).toContain(provider?.fileName);
  }, 60_000);

  it("fails the build when a chunk mixes 'use client' modules with others", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hubbub-client-directive-'));
    try {
      await writeFile(join(dir, 'client.js'), "'use client';\nexport const Provider = () => null;\n");
      await writeFile(join(dir, 'entry.js'), "import { Provider } from './client.js';\nexport const make = () => ({ Provider });\n");
      const building = chunksOf({
        root: dir,
        configFile: false,
        plugins: [keepClientDirective()],
        build: { lib: { entry: join(dir, 'entry.js'), formats: ['es'], fileName: 'entry' }, minify: false },
      });
      await expect(building).rejects.toThrow(/bundles 'use client' modules \(.*client\.js\) with others \(.*entry\.js\)/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { describe, expect, test, vi } from 'vitest';

vi.mock('react', () => {
  throw new Error('the core imported react');
});

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the core never touches React', () => {
  test('it imports and runs with react mocked to throw on import', async () => {
    const { createBus, createSaga, createRegistry } = await import('../../src/index');
    const bus = createBus<{ a: number }>();
    const got: number[] = [];
    bus.subscribe('a', (n) => got.push(n));
    await bus.publish('a', 1);
    expect(got).toEqual([1]);
    expect(typeof createSaga).toBe('function');
    expect(typeof createRegistry).toBe('function');
  });

  test('the bundled core has no import at all, react or otherwise', async () => {
    const result = await build({
      root,
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: false,
        lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' },
        rollupOptions: { external: [/^react/] },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const chunks = outputs.flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk.imports).toEqual([]);
      expect(chunk.code).not.toMatch(/from\s+['"]react/);
      expect(chunk.code).toContain('createBus');
    }
  }, 30_000);
});

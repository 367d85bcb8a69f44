/**
 * A Vite/Rollup plugin that keeps React's `'use client'` directive in the published bundles.
 * Bundlers drop module directives when they bundle (Rolldown warns that one "may not be preserved"),
 * so this plugin writes `'use client'` as the first statement of every chunk whose modules all start
 * with it, after every other step has rendered the chunk (the private-name shortening included).
 * A React Server Components bundler (Next.js's App Router) then hands a server component that imports
 * 'hubbub/react' references to the provider and hooks instead of running React's client APIs on the
 * server. A chunk that mixes modules with and without the directive fails the build: marked, the
 * others (the core, createBusHooks) would become client references there; unmarked, React's client
 * APIs would run on the server.
 *
 * @example
 * defineConfig({ plugins: [shortenPrivateNames(), keepClientDirective()] })
 */
import type { Plugin } from 'vite';

const clientDirective = /^\s*(['"])use client\1/;

export const keepClientDirective = (): Plugin => ({
  name: 'hubbub:client-directive',
  apply: 'build',
  onLog(_level, log) {
    // This plugin is what keeps the directive: the bundler's warning that it drops it does not apply.
    if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('use client')) return false;
  },
  generateBundle(_options, bundle) {
    for (const output of Object.values(bundle)) {
      if (output.type !== 'chunk') continue;
      // Ids starting with \0 are the bundler's own helper modules, not ours.
      const modules = output.moduleIds.filter((id) => !id.startsWith('\0'));
      const client = modules.filter((id) => clientDirective.test(this.getModuleInfo(id)?.code ?? ''));
      if (client.length === 0) continue;
      const others = modules.filter((id) => !client.includes(id));
      if (others.length > 0) {
        this.error(
          `${output.fileName} bundles 'use client' modules (${client.join(', ')}) with others (${others.join(', ')}): start those with 'use client' too, or import them so that they land in another chunk.`,
        );
      }
      if (!clientDirective.test(output.code)) output.code = `'use client';\n${output.code}`;
    }
  },
});

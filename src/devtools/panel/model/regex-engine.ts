import { createStore } from 'zustand/vanilla';
import type { LinearRegex } from './linear-regex';

/**
 * Where the regex filter's engine is. It is `linear-regex.ts` with re2js and regexpp, more than the
 * rest of the panel UI put together, so it is loaded with `import()` when regex is first turned on,
 * not with the panel: most sessions never use it.
 */
export type RegexEngine =
  | { readonly status: 'unloaded' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly compile: (source: string) => LinearRegex }
  | { readonly status: 'failed'; readonly error: string };

/** What the filter's message area says while the engine loads (the log is shown unfiltered meanwhile). */
export const REGEX_ENGINE_LOADING = 'Loading the regex engine…';

const failedMessage = (error: unknown): string =>
  `The regex engine could not be loaded (${error instanceof Error ? error.message : String(error)}). ` +
  'Turn regex off and on to try again; if the app or the extension was updated since the panel opened, reload the page or reopen DevTools.';

/**
 * The regex engine's state, one per page: the panel's views read it (zustand's `useStore`) to filter
 * again once it has loaded.
 *
 * @example
 * regexEngine.subscribe((engine) => console.log(engine.status)) // 'loading', then 'ready' or 'failed'
 */
export const regexEngine = createStore<RegexEngine>()(() => ({ status: 'unloaded' }));

let loading: Promise<RegexEngine> | undefined;

/**
 * Loads the regex engine unless it is loaded or loading; a load that failed is tried again. Never
 * rejects: resolves to the engine's state, `ready` or `failed` (whose `error` says what to do).
 * Call it from an event handler or an effect, not during a render (it updates {@link regexEngine}).
 *
 * @example
 * const engine = await loadRegexEngine()
 * if (engine.status === 'ready') engine.compile('^cart/') // { ok: true, test }
 */
export const loadRegexEngine = (): Promise<RegexEngine> => {
  const current = regexEngine.getState();
  if (current.status === 'ready') return Promise.resolve(current);
  if (loading) return loading;
  regexEngine.setState({ status: 'loading' }, true);
  loading = import('./linear-regex')
    .then(
      ({ compileLinearRegex }): RegexEngine => ({ status: 'ready', compile: compileLinearRegex }),
      (error: unknown): RegexEngine => ({ status: 'failed', error: failedMessage(error) }),
    )
    .then((engine) => {
      loading = undefined;
      regexEngine.setState(engine, true);
      return engine;
    });
  return loading;
};

import { connectDevtools as connectDevtoolsOn } from './connect';
import { connectDevtoolsOff } from './connect-off';
import type { ConnectDevtools } from './public-api';

export * from './public-api';

/**
 * Streams a bus's events, middleware decisions, handler runs, subscriptions, storms and saga
 * changes to the Hubbub DevTools panel (the extension, the floating panel or `recordBus`) over
 * `window.postMessage`, same origin only. The last `maxBuffer` entries are kept and re-sent to
 * every panel that connects. Returns the function that disconnects it.
 *
 * In a production build of your app this is a no-op and the devtools are not in your bundle:
 * bundlers pick this package's `production` export condition (Vite, webpack), or replace
 * `process.env.NODE_ENV` below and drop the unused branch (esbuild, Rollup, webpack), as with
 * React's own entry. To ship the devtools in production, import from 'hubbub/devtools/production'.
 *
 * @example
 * import { connectDevtools } from 'hubbub/devtools'
 * const disconnect = connectDevtools(bus, { redact: ['password'] })
 */
export const connectDevtools: ConnectDevtools = process.env.NODE_ENV === 'production' ? connectDevtoolsOff : connectDevtoolsOn;

// 'hubbub/devtools/production': the opt-in that ships the devtools in a production build.
import { connectDevtools as connect } from './connect';
import type { ConnectDevtools } from './public-api';

export * from './public-api';

/**
 * `connectDevtools` for every build, production included (the opt-in, as TanStack Query's
 * `/production` devtools): on unless you pass `enabled: false`. Mind what the stream shows to
 * anyone who opens DevTools on your site: `redact` and `sanitize` secrets, and leave
 * `allowDispatch` off.
 *
 * @example
 * import { connectDevtools } from 'hubbub/devtools/production'
 * connectDevtools(bus, { enabled: staff, redact: ['password', 'token'] })
 */
// Its default for `enabled`, not `{ enabled: true, ...options }`: `{ enabled: undefined }` must stay on, as if left out.
export const connectDevtools: ConnectDevtools = (bus, options) => connect(bus, options, true);

// Everything 'hubbub/devtools' exports besides connectDevtools, shared by its three entries
// (index.ts, compiled-out.ts, always-on.ts) so they cannot drift apart.
export type { Sanitize } from './entries';

import type { Bus } from '../core/bus';
import type { DevtoolsOptions } from './options';

export type { DevtoolsOptions } from './options';
export { isProductionBuild } from './production';
// What apps call; the protocol, serializer, reviver and stream reader for other viewers are in 'hubbub/devtools/protocol'.
export type { SerializedError, SerializedMarker, SerializedValue } from './protocol';
export { DEFAULT_LIMITS, REDACTED, type SerializeLimits } from './serialize';

/**
 * The signature of `connectDevtools`, the same in every build and entry.
 *
 * @example
 * const connect: ConnectDevtools = connectDevtools
 */
export type ConnectDevtools = <E extends object>(bus: Bus<E>, options?: DevtoolsOptions) => () => void;

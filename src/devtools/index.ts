export { connectDevtools } from './connect';
export type { Sanitize } from './entries';
export type { DevtoolsOptions } from './options';
export { isProductionBuild } from './production';
export type { SerializedError, SerializedMarker, SerializedValue } from './protocol';
export { DEFAULT_LIMITS, REDACTED, type SerializeLimits } from './serialize';

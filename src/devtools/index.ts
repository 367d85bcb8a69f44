export { connectDevtools, type DevtoolsOptions } from './connect';
export type { Sanitize } from './entries';
export { isProductionBuild } from './production';
export * from './protocol';
export { type Revived, revive } from './revive';
export { DEFAULT_LIMITS, REDACTED, type Serialized, type SerializeLimits, serialize, serializeError } from './serialize';

export { connectDevtools } from './connect';
export type { Sanitize } from './entries';
export type { DevtoolsOptions } from './options';
export { isProductionBuild } from './production';
export * from './protocol';
export { type Revived, revive } from './revive';
export { DEFAULT_LIMITS, REDACTED, type Serialized, type SerializeLimits, serialize, serializeError } from './serialize';

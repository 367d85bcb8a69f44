export { createRelay, type Relay } from './create-relay';
export type { ChannelFeed, ChannelListener, Engine, EngineEntry, RewindRequest } from './engine';
export { createMemoryEngine, type MemoryEngineOptions } from './memory-engine';
export type { RelayMetrics } from './metrics';
export type { RelayOrigins } from './origins';
export { createRedisEngine, type RedisEngineOptions } from './redis-engine';
export type { Authorize, RelayAction, RelayOptions, RelayServer } from './relay-options';

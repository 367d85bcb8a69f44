import type { ErrorCode } from '../remote/wire';

/**
 * Counters of one relay node, from `relay.metrics()`.
 *
 * @example
 * setInterval(() => console.log(relay.metrics().errors), 60_000)
 */
export interface RelayMetrics {
  /** Open WebSocket connections. */
  connections: number;
  /** Connections accepted since start. */
  connectionsTotal: number;
  /** Frames received. */
  framesIn: number;
  /** Events accepted and stored. */
  published: number;
  /** Event deliveries written to sockets (one per event per subscriber, replays included). */
  delivered: number;
  /** Error frames sent, by code. */
  errors: Record<ErrorCode, number>;
  /** Clients disconnected for reading too slowly. */
  slowConsumers: number;
  /** Connections closed for a frame above the hard limit (close code 1009). */
  oversizedClosed: number;
  /** Connections closed because no hello came in time. */
  helloTimeouts: number;
  /** Connections refused at the connection limit (close code 1013). */
  refusedConnections: number;
  /** WebSocket upgrades refused with HTTP 403 because the browser page's Origin is not allowed (never connected). */
  refusedOrigins: number;
  /** The most unsent bytes any connection had right after a write (replays stay near one frame). */
  peakBufferedBytes: number;
}

/** Fresh zeroed counters. */
export const createMetrics = (): RelayMetrics => ({
  connections: 0,
  connectionsTotal: 0,
  framesIn: 0,
  published: 0,
  delivered: 0,
  errors: {
    malformed: 0,
    frame_too_large: 0,
    event_too_large: 0,
    unauthorized: 0,
    unknown_channel: 0,
    unknown_type: 0,
    invalid_event: 0,
    rate_limited: 0,
    unavailable: 0,
  },
  slowConsumers: 0,
  oversizedClosed: 0,
  helloTimeouts: 0,
  refusedConnections: 0,
  refusedOrigins: 0,
  peakBufferedBytes: 0,
});

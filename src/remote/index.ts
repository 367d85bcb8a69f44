export { type BackoffOptions, backoffDelay } from './backoff';
export {
  connectRemote,
  type RemoteConnection,
  type RemoteOptions,
  type RemoteStatus,
  type ResyncInfo,
  type WebSocketLike,
} from './connect-remote';
export { OutboxFullError, RemoteRejectedError } from './errors';
export { type ChannelPosition, CLOSE_CODES, type CloudEvent, type DeliveredEvent, type ErrorCode } from './wire';

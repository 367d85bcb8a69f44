export { type BackoffOptions, backoffDelay } from './backoff';
export { connectRemote } from './connect-remote';
export { OutboxFullError, RemoteRejectedError } from './errors';
export type { RemoteConnection, RemoteOptions, RemoteStatus, ResyncInfo, WebSocketLike } from './remote-options';
export { type ChannelPosition, CLOSE_CODES, type CloudEvent, type DeliveredEvent, type ErrorCode } from './wire';

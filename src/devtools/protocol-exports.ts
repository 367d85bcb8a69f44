// 'hubbub/devtools/protocol': the devtools protocol for authors of other viewers (a panel, a
// recorder, a bridge). Apps call only 'hubbub/devtools'.

export { type CallSiteFrame, MAX_CALL_SITE_FRAMES } from './call-site';
export * from './protocol';
export { type Revived, revive } from './revive';
export { type Serialized, serialize, serializeError } from './serialize';
export {
  createStreamReader,
  type EventPart,
  eventKey,
  type JoinedEvent,
  joinEvent,
  type StreamRead,
  type StreamReader,
} from './stream-reader';

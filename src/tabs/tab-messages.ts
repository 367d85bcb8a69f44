import type { EventEnvelope } from '../registry/create-registry';

/**
 * One event as it crosses tabs.
 *
 * @example
 * const item: TabEvent = { id: 'shop-x1.7', time: Date.now(), envelope: registry.encode('cart/updated', cart) }
 */
export interface TabEvent {
  /** Unique per source. */
  readonly id: string;
  /** Dispatch time (ms since epoch): the newest sticky value wins. */
  readonly time: number;
  readonly envelope: EventEnvelope;
}

/**
 * The version of what tabs say to each other. 2: the field is `version` (version 1 called it `v`).
 *
 * @example
 * post({ hubbub: 'tabs', version: TAB_PROTOCOL_VERSION, kind: 'sticky-request', source, types })
 */
export const TAB_PROTOCOL_VERSION = 2;

/**
 * Everything connectTabs posts on its BroadcastChannel.
 *
 * @example
 * channel.onmessage = ({ data }: { data: TabMessage }) => { if (data.kind === 'event') console.log(data.source, data.envelope.type) }
 */
export type TabMessage =
  | ({ readonly hubbub: 'tabs'; readonly version: typeof TAB_PROTOCOL_VERSION; readonly kind: 'event'; readonly source: string } & TabEvent)
  | {
      readonly hubbub: 'tabs';
      readonly version: typeof TAB_PROTOCOL_VERSION;
      readonly kind: 'sticky-request';
      readonly source: string;
      readonly types: readonly string[];
    }
  | {
      readonly hubbub: 'tabs';
      readonly version: typeof TAB_PROTOCOL_VERSION;
      readonly kind: 'sticky-reply';
      readonly source: string;
      readonly to: string;
      readonly events: readonly TabEvent[];
    };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
const isTabEvent = (v: unknown): v is TabEvent =>
  isObject(v) && typeof v.id === 'string' && typeof v.time === 'number' && isObject(v.envelope) && typeof v.envelope.type === 'string';

/** A kind for an error message: any value a same-origin sender can post (a BigInt, a huge string) without throwing or flooding the log. */
const describeKind = (kind: unknown): string =>
  typeof kind === 'string' ? JSON.stringify(kind.length > 80 ? `${kind.slice(0, 80)}…` : kind) : typeof kind;

/**
 * Classifies a BroadcastChannel message: a valid TabMessage, `'foreign'` (not Hubbub's: another
 * library on the same channel name), or a problem description for a malformed Hubbub message.
 *
 * @example
 * const m = readTabMessage(event.data); if (typeof m !== 'string') handle(m)
 */
export const readTabMessage = (data: unknown): TabMessage | 'foreign' | `malformed: ${string}` => {
  if (!isObject(data) || data.hubbub !== 'tabs') return 'foreign';
  if (data.version !== TAB_PROTOCOL_VERSION) {
    return `malformed: protocol version ${String(data.version ?? data.v)} is not supported (this tab speaks ${TAB_PROTOCOL_VERSION}); reload the other tabs`;
  }
  if (typeof data.source !== 'string') return 'malformed: no source';
  switch (data.kind) {
    case 'event':
      return isTabEvent(data) ? (data as unknown as TabMessage) : 'malformed: an event needs id, time and envelope { type, version, data }';
    case 'sticky-request':
      return Array.isArray(data.types) && data.types.every((t) => typeof t === 'string')
        ? (data as unknown as TabMessage)
        : 'malformed: types must be strings';
    case 'sticky-reply':
      return typeof data.to === 'string' && Array.isArray(data.events) && data.events.every(isTabEvent)
        ? (data as unknown as TabMessage)
        : 'malformed: a sticky reply needs to and events';
    default:
      return `malformed: unknown kind ${describeKind(data.kind)}`;
  }
};

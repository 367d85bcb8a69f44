import {
  BOOLEAN_RULE,
  CHECKED_WHERE_USED,
  checkOptionRules,
  FUNCTION_RULE,
  hasMethods,
  isNonEmptyString,
  type OptionRule,
} from '../core/options-check';
import type { RemoteOptions } from '../remote/remote-options';
import type { TabsOptions } from './connect-tabs';

/**
 * Development only: the option rules of `connectTabs` and `connectRemote` (see
 * `core/options-check.ts`). `channel: 'room'` given to connectRemote, which takes
 * `channels: ['room']` (or the reverse), is the mistake these two invite.
 */

const NUMBER: OptionRule = { test: (value) => typeof value === 'number', mustBe: 'a number' };
const TYPES: OptionRule = {
  test: (value) => Array.isArray(value) && value.every((type) => isNonEmptyString(type) || typeof type === 'function'),
  mustBe: "an array of the event keys and classes to bridge, such as types: ['cart/updated', OrderPlaced]",
  required: true,
};
const REGISTRY: OptionRule = {
  test: /* @__PURE__ */ hasMethods('has', 'decode'),
  mustBe: "the registry that defines those types: createRegistry<Events>().define('cart/updated')",
  required: true,
};

const TRANSPORT_OPTIONS = {
  connectTabs: {
    channel: { test: isNonEmptyString, mustBe: "the name of the BroadcastChannel, such as channel: 'shop'", required: true },
    types: TYPES,
    registry: REGISTRY,
    syncSticky: BOOLEAN_RULE,
    syncWaitMs: NUMBER,
    dedupe: CHECKED_WHERE_USED,
    source: CHECKED_WHERE_USED,
    onError: FUNCTION_RULE,
    onInvalid: FUNCTION_RULE,
    BroadcastChannel: FUNCTION_RULE,
  },
  connectRemote: {
    url: CHECKED_WHERE_USED,
    channels: {
      test: (value) => Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString),
      mustBe: "a non-empty array of channel names, such as channels: ['shop']",
      required: true,
    },
    types: TYPES,
    registry: REGISTRY,
    token: CHECKED_WHERE_USED,
    publishTo: CHECKED_WHERE_USED,
    outboxLimit: NUMBER,
    backoff: CHECKED_WHERE_USED,
    resume: CHECKED_WHERE_USED,
    dedupe: CHECKED_WHERE_USED,
    WebSocket: FUNCTION_RULE,
    source: CHECKED_WHERE_USED,
    secret: CHECKED_WHERE_USED,
    rewind: NUMBER,
    since: CHECKED_WHERE_USED,
    onStatus: FUNCTION_RULE,
    onResync: FUNCTION_RULE,
    onError: FUNCTION_RULE,
    onInvalid: FUNCTION_RULE,
  },
} as const satisfies {
  // Every option of each API, so an option added there without a rule here fails to compile instead of being warned about as unknown.
  // `source` too: connectTabs does not declare it, but the bridge it shares with connectRemote reads it.
  connectTabs: Record<keyof TabsOptions | 'source', OptionRule>;
  connectRemote: Record<keyof RemoteOptions, OptionRule>;
};

const CALLS = {
  connectTabs: { call: '[hubbub/tabs] connectTabs(bus, options)', example: "{ channel: 'shop', types, registry }" },
  connectRemote: { call: '[hubbub/remote] connectRemote(bus, options)', example: "{ url, channels: ['shop'], types, registry }" },
} as const;

/**
 * Checks the options of `connectTabs` or `connectRemote`: a TypeError naming the option and what
 * to write, or a warning for an unknown one.
 *
 * @example
 * if (process.env.NODE_ENV !== 'production') checkTransportOptions('connectRemote', options)
 */
export const checkTransportOptions = (api: keyof typeof TRANSPORT_OPTIONS, options: unknown): void =>
  checkOptionRules(CALLS[api].call, TRANSPORT_OPTIONS[api], options, CALLS[api].example);

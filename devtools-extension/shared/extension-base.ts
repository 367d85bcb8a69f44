import { EXTENSION_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol';

/**
 * The fields every extension-internal message starts with: its tag and the protocol version (the
 * extension's contexts may come from different builds while it updates).
 *
 * @example
 * port.postMessage({ ...EXTENSION_BASE, kind: 'panel-init', tabId } satisfies ExtensionMessage)
 */
export const EXTENSION_BASE = { source: EXTENSION_SOURCE, version: PROTOCOL_VERSION } as const;

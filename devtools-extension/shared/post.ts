import { type ExtensionMessage, PROTOCOL_VERSION } from '../../src/devtools/protocol';

/** Something with `postMessage`: a port, or a function like `chrome.tabs.sendMessage` bound to a tab. */
interface Poster {
  postMessage(message: unknown): void;
}

/**
 * Stamps an extension-internal message with the protocol version (checkExtensionMessage
 * requires it, like every other message) before it goes out.
 *
 * @example
 * stamp({ source: EXTENSION_SOURCE, kind: 'panel-init', tabId })
 */
export const stamp = (message: ExtensionMessage): ExtensionMessage & { readonly version: typeof PROTOCOL_VERSION } => ({
  ...message,
  version: PROTOCOL_VERSION,
});

/** Posts a stamped extension message on a port. @example post(port, { source: EXTENSION_SOURCE, kind: 'panel-init', tabId }) */
export const post = (port: Poster, message: ExtensionMessage): void => port.postMessage(stamp(message));

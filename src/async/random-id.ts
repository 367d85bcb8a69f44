/**
 * A random id: a UUID where the runtime has one (browsers: in secure contexts), else time and
 * Math.random (an insecure-context page). For ids that name a session or a source, not secrets
 * another party must not guess.
 *
 * @example
 * const sessionId = randomId() // '1b4e28ba-2fa1-11d2-883f-0016d3cca427'
 */
export const randomId = (): string =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/**
 * The URL with its password replaced by `***`, safe for messages and logs. When the userinfo has no
 * `:` all of it is hidden, since a password is often written there by mistake (`redis://secret@host`).
 * Everything before the last `@` counts as userinfo, so a password holding an unencoded `/`, `?`
 * or `@` is hidden too, with or without a scheme.
 *
 * @example
 * redactUrl('redis://app:S3cretP4ss@127.0.0.1:6390') // 'redis://app:***@127.0.0.1:6390'
 * redactUrl('redis://:S3cret@127.0.0.1:6390')       // 'redis://:***@127.0.0.1:6390'
 * redactUrl('redis://127.0.0.1:6390')               // unchanged
 */
export const redactUrl = (url: string): string =>
  url.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?(.*)@/i, (_match, scheme = '', userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon === -1 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
  });

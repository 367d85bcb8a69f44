import type { Authorize, RelayAction } from './relay-options';

/** Why access was refused: an error frame's code and message. */
export interface Refusal {
  readonly code: 'unknown_channel' | 'unauthorized';
  readonly message: string;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as PromiseLike<unknown> | undefined)?.then === 'function';

/**
 * Checks one subscribe or publish: the channel must be served, and `authorize` must answer
 * exactly `true` (a throw or a rejection refuses: fail closed). Resolves to the refusal, if any.
 *
 * @example
 * const refusal = await checkAccess({ allowed, authorize, log }, token, 'shop', 'publish')
 */
export const checkAccess = async (
  rules: { allowed: (channel: string) => boolean; authorize: Authorize; log: (message: string) => void },
  token: string | undefined,
  channel: string,
  action: RelayAction,
): Promise<Refusal | undefined> => {
  if (!rules.allowed(channel)) {
    return {
      code: 'unknown_channel',
      message: `channel "${channel}" is not served by this relay; add it to the relay's channels option (--channels for npx hubbub-relay)`,
    };
  }
  let verdict: unknown;
  try {
    const answer = rules.authorize(token, channel, action);
    verdict = isThenable(answer) ? await answer : answer;
  } catch (error) {
    rules.log(`[hubbub/relay] authorize() threw, so access was refused: ${error instanceof Error ? error.message : String(error)}`);
    verdict = false;
  }
  return verdict === true
    ? undefined
    : { code: 'unauthorized', message: `not allowed to ${action} on "${channel}" with the token sent in hello` };
};

import type { ErrorCode } from './wire';

/**
 * The relay refused something this client sent (an event or a subscription). `code` says why;
 * `ref` is the event id or channel. `error.name === 'RemoteRejectedError'`.
 *
 * @example
 * connectRemote(bus, { ...options, onError: (e) => { if (e instanceof RemoteRejectedError && e.code === 'unauthorized') signIn() } })
 */
export class RemoteRejectedError extends Error {
  override name = 'RemoteRejectedError';
  constructor(
    readonly code: ErrorCode,
    readonly problem: string,
    readonly ref: string | undefined,
    /** The channel of the refused event or subscription, when known. */
    readonly channel?: string,
  ) {
    super(
      `[hubbub/remote] the relay refused ${ref === undefined ? 'a frame' : `"${ref}"`}${channel && channel !== ref ? ` on channel "${channel}"` : ''} (${code}): ${problem}`,
    );
  }
}

/**
 * The outbox (events waiting for the relay) is full: this event was not queued.
 * Thrown to the publisher, so it lands in PublishReport.errors and in the connection's `onError`
 * (else the bus's `onError`).
 *
 * @example
 * const { errors } = await bus.publish('chat/sent', msg); if (errors.some((e) => e instanceof OutboxFullError)) showOffline()
 */
export class OutboxFullError extends Error {
  override name = 'OutboxFullError';
  constructor(
    readonly type: string,
    readonly limit: number,
  ) {
    super(
      `[hubbub/remote] cannot queue "${type}": the outbox already holds ${limit} events waiting for the relay (still offline?). Raise outboxLimit or publish less while offline.`,
    );
  }
}

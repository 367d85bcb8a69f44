import type { StandardSchemaV1 } from './standard-schema';

/**
 * Why an envelope could not be turned back into an event. `error.name === 'EventDecodeError'`.
 *
 * @example
 * try { await registry.decode(untrusted) } catch (e) { if (e instanceof EventDecodeError) log(e.type, e.issues) }
 */
export class EventDecodeError extends Error {
  override name = 'EventDecodeError';
  constructor(
    /** What is wrong, and how to fix it. */
    readonly problem: string,
    /** The envelope's type, when it had one. */
    readonly type?: string,
    /** The envelope's version, when known. */
    readonly version?: number,
    /** The validator's issues, when validation failed. */
    readonly issues?: ReadonlyArray<StandardSchemaV1.Issue>,
    /** The underlying error, when something threw. */
    override readonly cause?: unknown,
  ) {
    super(
      `[hubbub] cannot decode event${type === undefined ? '' : ` "${type}"`}${version === undefined ? '' : ` v${version}`}: ${problem}`,
    );
  }
}
